#!/usr/bin/env python3
"""Turns a manual page written in Markdown (docs/man/*.md) into roff for man(1).

Build glue, so that the manual pages and the documentation are one source. The Markdown is a
small subset, the one docs/man/ uses:

  # NAME(SECTION) - one-line description      the title: .TH and the NAME section
  ## HEADING                                   a section (.SH)
  ### Heading                                  a subsection (.SS)
  paragraph lines                              joined into one paragraph (.PP)
  - `term` and more: text                      a tagged paragraph (.TP): the term is everything
    indented continuation lines                up to the first ': ' after a leading code span
  - text                                       a bullet (.IP)
  ```  ...  ```                                literal text (.nf/.fi)
  `code` **bold** *italic* [text](link)        bold, bold, italic, text

Usage: md2man.py IN.md OUT VERSION
"""
import re
import sys

INLINE = re.compile(r"`([^`]+)`|\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*|\[([^\]]+)\]\(([^)]+)\)")


def escape(text):
    """Roff-escapes plain text: backslashes and dashes (so options render as ASCII minus)."""
    return text.replace("\\", "\\e").replace("-", "\\-")


def inline(text):
    out, pos = [], 0
    for m in INLINE.finditer(text):
        out.append(escape(text[pos:m.start()]))
        code, bold, italic, link_text, _ = m.groups()
        if code is not None:
            out.append("\\fB" + escape(code) + "\\fR")
        elif bold is not None:
            out.append("\\fB" + inline(bold) + "\\fR")
        elif italic is not None:
            out.append("\\fI" + inline(italic) + "\\fR")
        else:
            out.append(inline(link_text))
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out)


def line_safe(text):
    """A roff text line may not start with a control character."""
    return "\\&" + text if text[:1] in (".", "'") else text


def tagged(item):
    """'`-o` *file*: text' -> ('`-o` *file*', 'text') for an item that starts with code."""
    if not item.startswith("`"):
        return None
    m = re.match(r"((?:`[^`]+`|[^`:])+?):(?:\s|$)", item)
    return (m.group(1), item[m.end():]) if m else None


def convert(lines, version):
    title = re.match(r"# (\S+)\((\d)\) - (.*)", lines[0])
    if not title:
        sys.exit("md2man: the first line must be '# name(section) - description'")
    name, section, desc = title.groups()
    out = ['.TH "%s" "%s" "" "hupcall %s" "hupcall manual"' % (name.upper(), section, version),
           ".SH NAME", "%s \\- %s" % (escape(name), inline(desc))]
    para, i = [], 1

    def flush():
        if para:
            out.append(".PP")
            out.append(line_safe(inline(" ".join(para))))
            para.clear()

    while i < len(lines):
        line = lines[i].rstrip("\n")
        i += 1
        if line.startswith("```"):
            flush()
            out += [".RS 4", ".nf"]
            while i < len(lines) and not lines[i].startswith("```"):
                out.append(line_safe(escape(lines[i].rstrip("\n"))))
                i += 1
            i += 1
            out += [".fi", ".RE"]
        elif line.startswith("### "):
            flush()
            out.append(".SS " + inline(line[4:]))
        elif line.startswith("## "):
            flush()
            out.append(".SH " + inline(line[3:]))
        elif line.startswith("- "):
            flush()
            item = [line[2:]]
            while i < len(lines) and lines[i].startswith("  ") and lines[i].strip():
                item.append(lines[i].strip())
                i += 1
            text = " ".join(item)
            tag = tagged(text)
            if tag:
                out += [".TP", line_safe(inline(tag[0])), line_safe(inline(tag[1]))]
            else:
                out += [".IP \\(bu 2", line_safe(inline(text))]
        elif not line.strip():
            flush()
        else:
            para.append(line.strip())
    flush()
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: md2man.py IN.md OUT VERSION")
    with open(sys.argv[1], encoding="utf-8") as f:
        lines = f.readlines()
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write(convert(lines, sys.argv[3]))


if __name__ == "__main__":
    main()
