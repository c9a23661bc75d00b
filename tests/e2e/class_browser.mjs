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
const page = await browser.newPage();
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
await page.waitForSelector("#view >> text=You are in!");

for (let n = 1; n <= plan.length; n++) {
  await page.waitForSelector(`#view >> text=Question ${n} of`);
  if (n === 1) await shot("question");
  const a = plan[n - 1];
  let words;
  if (await page.$("#view form input")) {
    await page.fill("#view form input", a);
    await page.click("#view form button");
    words = a;
  } else if (a === "order") {
    const picked = [];
    for (;;) {
      const b = await page.$("#view button.opt");
      if (!b) break;
      picked.push(await b.textContent());
      await b.click();
    }
    await page.click("#view >> text=Send this order");
    words = picked.join(" > ");
  } else {
    const b = (await page.$$("#view button.opt"))[Number(a)];
    words = await b.textContent();
    await b.click();
  }
  await page.waitForSelector("#view >> text=The answer:");
  console.log(`sent\t${n}\t${words}`);
  if (n === 1) await shot("result");
}
await page.waitForSelector("#view >> text=The end");
await browser.close();
