// class_browser.mjs -- one headless Chromium student for t6002.
//
//   node class_browser.mjs URL CODE NAME ARTIFACTS ANSWERS
// ANSWERS: one per question, '|'-separated: a 0-based option index for a
// choice, text for a typed question, "order" to tap the items as shown.
// Prints "sent\tN\tWORDS" per answer (the words the report must hold)
// and "screenshot PATH" for the join, question and result screenshots.
import { chromium } from "playwright-core";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [url, code, name, artifacts, answers] = process.argv.slice(2);
const plan = answers.split("|");
const dir = mkdtempSync(join(tmpdir(), "recall-chromium-"));
// A fresh profile (--user-data-dir, which playwright takes as this
// argument) so nothing from another run leaks in.
const browser = await chromium.launchPersistentContext(dir, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"],
  viewport: { width: 390, height: 844 },
  timeout: 60000,
});
console.error("class_browser: chromium launched");
const page = await browser.newPage();
// What the page saw, for a failing run's log (stderr).
page.on("console", (m) => console.error(`console ${m.type()}: ${m.text()}`));
page.on("requestfailed", (r) =>
  console.error(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`));
page.on("response", (r) => {
  if (r.status() >= 400) console.error(`response ${r.status()} ${r.url()}`);
});
page.setDefaultTimeout(60000);
const shot = async (what) => {
  const path = join(artifacts, `class-${what}.png`);
  await page.screenshot({ path, fullPage: true });
  console.log(`screenshot ${path}`);
};

await page.goto(`${url}/class`);
await page.fill("#code", code);
await page.fill("#name", name);
// The join screen, filled in: after the click the game may already be on
// its first question, so this is the one moment that is surely the join.
await shot("join");
await page.click("#joinbtn");
// The lobby, or already the first question if the host started at once.
await page.waitForSelector("#view >> text=/You are in!|Question 1 of/");

// Give answer 'a' on the open question; returns the words shown.
async function answer(a) {
  const input = page.locator("#view form input");
  if (await input.count()) {
    await input.fill(a);
    await page.locator("#view form button").click();
    return a;
  }
  const opts = page.locator("#view button.opt");
  if (a === "order") {
    const picked = [];
    while (await opts.count()) {
      picked.push(await opts.first().textContent());
      await opts.first().click();
    }
    await page.locator("#view >> text=Send this order").click();
    return picked.join(" > ");
  }
  const b = opts.nth(Number(a));
  const words = await b.textContent();
  await b.click();
  return words;
}

for (let n = 1; n <= plan.length; n++) {
  await page.waitForSelector(`#view >> text=Question ${n} of`);
  if (n === 1) await shot("question");
  const a = plan[n - 1];
  // Answer, then wait for the page to say it was sent; a tap can be lost
  // on a loaded machine (the view redrawn under it), so try again -- the
  // host keeps only the first answer that arrives.
  let words;
  for (let attempt = 1; ; attempt++) {
    words = await answer(a);
    const sent = await page
      .waitForSelector("#view >> text=/Answer sent|The answer:/", { timeout: 10000 })
      .then(() => true, () => false);
    if (sent) break;
    if (attempt === 5) throw new Error(`question ${n}: the answer was not sent`);
    console.error(`question ${n}: no confirmation, answering again`);
  }
  await page.waitForSelector("#view >> text=The answer:");
  console.log(`sent\t${n}\t${words}`);
  if (n === 1) await shot("result");
}
await page.waitForSelector("#view >> text=The end");
await browser.close();
