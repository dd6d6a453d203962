#!/usr/bin/env python3
"""Writes the seed corpora (fuzz/corpus/<target>/seed-*) from the default site's content/."""
import pathlib

FUZZ = pathlib.Path(__file__).resolve().parent.parent
CONTENT = FUZZ.parent / "content"


def read(rel):
    return (CONTENT / rel).read_bytes()


def body(rel):
    text = read(rel)
    return text.split(b"\n---\n", 1)[1]


def put(target, name, data):
    d = FUZZ / "corpus" / target
    d.mkdir(parents=True, exist_ok=True)
    (d / f"seed-{name}").write_bytes(data)


# 1. front-matter splitting: whole files.
put("frontmatter_split", "story", read("verhalen/buurtkamer-oost.md"))
put("frontmatter_split", "section", read("themas/_index.md"))
put("frontmatter_split", "bom-crlf", b"\xef\xbb\xbf" + read("themas/_index.md").replace(b"\n", b"\r\n"))
put("frontmatter_split", "unterminated", b"---\ntitle: x\n\nTekst zonder einde.\n")
put("frontmatter_split", "empty-front-matter", b"---\n---")
put("frontmatter_split", "fence-spaces", b"---  \ntitle: x\n---\t\nBody\n---\nmore\n")

# 2. parse: byte 0 = path index (low 4 bits) | 0x10 for English.
put("parse_file", "story", b"\x00" + read("verhalen/buurtkamer-oost.md"))
put("parse_file", "chapter", b"\x01" + read("verhaal/09-kalmte.md"))
put("parse_file", "agenda", b"\x02" + read("agenda/minder-tegelijk.md"))
put("parse_file", "theme-en", b"\x13" + read("themas/gemoedsrust-en-leren.md"))
put("parse_file", "quadrant", b"\x04" + read("kwadranten/presterende-overheid.md"))
put("parse_file", "role", b"\x05---\ntitle: Burger\naliases: [inwoner]\n---\nDe inwoner.\n")
put("parse_file", "page", b"\x06" + read("over.md"))
put("parse_file", "section", b"\x08" + read("verhalen/_index.md"))
put("parse_file", "bad-yaml-en", b"\x10---\ntitle: Kapot\ndate: 2025-02-30\nthemes: [a, b\n---\nTekst.\n")
put("parse_file", "wrong-types", b"\x00---\ntitle: [lijst]\ndate: 2025-13-01\nthemes: driehoek\nimage: /img/x.png\ndraft: ja\nweight: twee\nonbekend: 1\n---\n")

# 3. Markdown: byte 0 = content path (low 3 bits) | 0x08 for a front matter before the body.
put("markdown_links", "story", b"\x08" + body("verhalen/buurtkamer-oost.md"))
put("markdown_links", "agenda", b"\x09" + body("agenda/minder-tegelijk.md"))
put("markdown_links", "home", b"\x05" + body("_index.md"))
put("markdown_links", "all-links", (
    "## Kop {#eigen .klasse}\n\n## Kop\n\n## Kop\n\n"
    "Zie [[begin]], [[verhaal/begin#start|het begin]] en [[ buurt#aanpak ]].\n"
    "Een [relatieve link](../verhalen/b%20c.md#kop), [naar boven](#kop-1), "
    "[een pad](/verhalen/pagina/2/), [extern](https://example.org/x.md), <https://example.org>, "
    "[mail](mailto:a@b.nl) en [map](./sub/../x.md).\n\n"
    "![Een foto](/img/foto.jpg \"Titel\") ![](plaatje.png) ![alt met [[wiki]]](x.png)\n\n"
    "| a | b |\n|---|---|\n| [[c]] | [d](d.md) |\n\n"
    "Voetnoot[^1].\n\n[^1]: Met een [[link]].\n\n> ~~doorgehaald~~ \"aanhalingstekens\"\n"
).encode())

# 4. ids.
for name, text in [
    ("een", "Eén overheid"),
    ("stem", "01-samenleving-verandert"),
    ("nfd", "Cafe\u0301 \u00e9\u00e9n"),
    ("scripts", "Ünïcödé ÆØÅ 北京 Ελληνικά ﬁ ẞ"),
    ("dashes", "  --Hallo--Wereld--  "),
]:
    put("slugify", name, text.encode())

# 5. pipeline: files separated by 0xFF; byte 0 of a file = folder (bits 0-2) | name (bits 3-5),
#    bits 6-7 of the first file = site.toml variant.
FF = b"\xff"
put("pipeline", "one-story", b"\x00" + read("verhalen/buurtkamer-oost.md"))
put("pipeline", "en-paginated", FF.join([
    b"\x40" + read("verhalen/een-loket-voor-gezinnen.md"),
    b"\x04---\ntitle: Toets\ntheme: driehoek\nstatus: lopend\nstories: [a, buurt]\n---\nDe toets, zie [[a]].\n",
    b"\x09" + read("verhaal/09-kalmte.md"),
]))
put("pipeline", "sub-path-chapters", FF.join([
    b"\x82---\ntitle: Hoofdstuk\nweight: 2\nstories: [buurt]\n---\n## Een\n\nZie [[buurt#aanpak]] en [terug](begin.md#start).\n",
    b"\x10" + read("verhalen/_index.md"),
    b"\x07---\ntitle: Over\n---\n[Home](/) en [hoofdstuk](hoofdstukken/a.md).\n",
]))
put("pipeline", "drafts-and-collisions", FF.join([
    b"\xc0---\ntitle: Concept\ndate: 2026-01-01\ndraft: true\nthemes: [driehoek, onbekend]\nrelated: [buurt]\n---\n![](geen-alt.png)\n",
    b"\x30---\ntitle: Cafe\ndate: 2025-01-01\n---\n[[a]] [[cafe]]\n",
    b"\x07---\ntitle: A\naliases: [verhalen/a]\n---\nDubbel [[a]].\n",
    b"\x3d---\ntitle: Tekst\n---\n",
]))
print("seeds written")
