#!/usr/bin/env python3
"""Lays out the downstream consumer's sources from the docs, verbatim.

    downstream-snippets.py README CRATE_SRC CONSUMER_DIR

- README blocks preceded by `<!-- downstream: PATH -->` become the file PATH
  of the consumer (its Cargo.toml, src/lib.rs, src/main.rs, a test).
- Every other Rust block of the README, and every Rust block in the doc
  comments of CRATE_SRC (the unpacked package's src/), goes into the
  consumer's snippets.md, which its lib.rs includes under cfg(doctest), so
  `cargo test` compiles each one (and runs those not marked `no_run`) with
  only what a downstream crate has.

A block marked `ignore` is an error: a snippet either compiles or needs
Azure, and then it is `no_run`.
"""

import pathlib
import re
import sys

MARKER = re.compile(r"<!--\s*downstream:\s*(\S+)\s*-->")
FENCE = re.compile(r"^(\s*)```(.*)$")
# Info strings rustdoc compiles; anything else (toml, sh, text, json) is not Rust.
RUST_WORDS = {"", "rust", "no_run", "should_panic", "compile_fail", "ignore"}


def is_rust(info):
    words = [w.strip() for w in info.split(",")]
    return all(w in RUST_WORDS or w.startswith("edition") for w in words)


def blocks(lines, origin):
    """(info, dedented code, marker path or None, "origin:line") for each fenced block."""
    marker = None
    i = 0
    while i < len(lines):
        line = lines[i]
        m = MARKER.search(line)
        if m:
            marker = m.group(1)
            i += 1
            continue
        f = FENCE.match(line)
        if not f:
            if line.strip():
                marker = None
            i += 1
            continue
        indent, info = f.group(1), f.group(2).strip()
        start = i + 1
        body = []
        i += 1
        while i < len(lines) and not lines[i].strip().startswith("```"):
            text = lines[i]
            body.append(text[len(indent):] if text.startswith(indent) else text.lstrip())
            i += 1
        yield info, "\n".join(body) + "\n", marker, f"{origin}:{start}"
        marker = None
        i += 1


def doc_comment_lines(path):
    """The text of a file's `///` and `//!` comments, one run per item.

    A block whose opening fence is a `#[cfg_attr(…, doc = "```…")]` only
    exists with some feature: it is left out (the crate's own doctests, in
    the feature matrix, compile it), up to its closing fence."""
    runs, run = [], []
    in_feature_block = False
    for line in path.read_text().splitlines():
        stripped = line.strip()
        if stripped.startswith("#[cfg_attr(") and 'doc = "```' in stripped:
            in_feature_block = True
            continue
        m = re.match(r"^(///|//!)( ?)(.*)$", stripped)
        if m and in_feature_block:
            if m.group(3).strip().startswith("```"):
                in_feature_block = False
            continue
        if m:
            run.append(m.group(3))
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    return runs


def main():
    readme, crate_src, consumer = (pathlib.Path(p) for p in sys.argv[1:4])
    snippets = ["Every Rust snippet of the README and the crate docs, compiled as doctests.\n"]
    placed = []
    errors = []

    def take(info, code, where):
        if "ignore" in [w.strip() for w in info.split(",")]:
            errors.append(f"{where}: `ignore` block; use `no_run` for one that needs Azure")
            return
        snippets.append(f"\n{where}\n\n```{info or 'rust'}\n{code}```\n")

    for info, code, marker, where in blocks(readme.read_text().splitlines(), "README.md"):
        if marker:
            target = consumer / marker
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(code)
            placed.append(marker)
        elif is_rust(info):
            take(info, code, where)

    for path in sorted(crate_src.rglob("*.rs")):
        origin = str(path.relative_to(crate_src.parent))
        for run in doc_comment_lines(path):
            for info, code, _, where in blocks(run, origin):
                if is_rust(info):
                    take(info, code, where)

    for needed in ("Cargo.toml", "src/lib.rs"):
        if needed not in placed:
            errors.append(f"README.md has no `<!-- downstream: {needed} -->` block")
    if errors:
        sys.exit("\n".join(errors))
    (consumer / "snippets.md").write_text("".join(snippets))
    print(f"placed {', '.join(placed)}; {len(snippets) - 1} snippets in snippets.md")


if __name__ == "__main__":
    main()
