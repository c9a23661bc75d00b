"""Drive `recall review` through its line protocol (docs/review-protocol.md).

A test gives a function that is called at every prompt with what the
session has shown since the previous prompt, and returns the line to send.
Used by the t2xxx tests; run with python3 (no packages needed).
"""
import subprocess


class Screen:
    """What the session printed since the last prompt."""

    def __init__(self, lines, prompt):
        self.lines = lines
        self.prompt = prompt

    def question(self):
        """The question: the first non-empty line after the progress line."""
        seen_progress = False
        for line in self.lines:
            if line.startswith("[new "):
                seen_progress = True
                continue
            if seen_progress and line.strip():
                return line
        return None

    def options(self):
        """Numbered options or items, as shown: {number: text}."""
        out = {}
        for line in self.lines:
            s = line.strip()
            if len(s) > 3 and s[0].isdigit() and ") " in s[:5]:
                num, text = s.split(") ", 1)
                out[int(num)] = text
        return out

    def text(self):
        return "\n".join(self.lines)


def run(recall, args, respond, env=None, max_prompts=500):
    """Run `recall review ARGS`; return (all output lines, exit code)."""
    p = subprocess.Popen([recall, "review"] + args, stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, text=True, env=env,
                         bufsize=1)
    out, pending = [], []
    prompts = 0
    for raw in p.stdout:
        line = raw.rstrip("\n")
        out.append(line)
        if line.endswith("> "):
            prompts += 1
            if prompts > max_prompts:
                p.kill()
                raise RuntimeError("too many prompts")
            reply = respond(Screen(pending, line))
            pending = []
            if reply is None:
                p.stdin.close()
                continue
            p.stdin.write(reply + "\n")
            p.stdin.flush()
        else:
            pending.append(line)
    p.wait()
    return out, p.returncode
