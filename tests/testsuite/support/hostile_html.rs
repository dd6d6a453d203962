//! Hostile content as an attacker writes it: script, event handlers, script URLs, loads
//! from other origins, forged placeholders, and files that try to leave the site. One
//! catalogue shared by the test that checks every payload's diagnostic
//! (`tests/testsuite/security.rs`) and the real-Chromium test that opens every page
//! built from them without any Content-Security-Policy.
//!
//! In a payload, `{EVIL}` stands for the origin of another server (a second loopback
//! server in the browser test, which must see no request) and `window.__pwned` is the
//! sentinel a payload that runs would set.

/// One payload in a story's body, and the diagnostic code it must give.
pub struct Payload {
    pub name: &'static str,
    pub body: &'static str,
    pub code: &'static str,
}

/// Story bodies. Each payload stands on the body's first line.
pub const PAYLOADS: &[Payload] = &[
    p(
        "script element",
        "<script>window.__pwned=1</script>",
        "raw-html",
    ),
    p(
        "script, mixed case",
        "<ScRiPt>window.__pwned=1</sCrIpT>",
        "raw-html",
    ),
    p(
        "script split by a script",
        "<scr<script>ipt>window.__pwned=1</script>",
        "raw-html",
    ),
    p(
        "script behind a comment trick",
        "<!--><script>window.__pwned=1</script>-->",
        "raw-html",
    ),
    p(
        "script file from static/",
        "<script src=\"/evil.js\"></script>",
        "raw-html",
    ),
    p(
        "img onerror",
        "<img src=x onerror=\"window.__pwned=1\">",
        "raw-html",
    ),
    p(
        "img/src in a div",
        "<div><img/src=\"{EVIL}/b.png\" onerror=window.__pwned=1></div>",
        "raw-html",
    ),
    p(
        "svg onload",
        "<svg onload=\"window.__pwned=1\"></svg>",
        "raw-html",
    ),
    p(
        "details ontoggle",
        "<details open ontoggle=\"window.__pwned=1\"><summary>x</summary></details>",
        "raw-html-attribute",
    ),
    p(
        "summary onclick",
        "<details><summary onclick=\"window.__pwned=1\">x</summary></details>",
        "raw-html-attribute",
    ),
    p(
        "abbr onmouseover",
        "<abbr title=\"x\" onmouseover=\"window.__pwned=1\">Wmo</abbr>",
        "raw-html-attribute",
    ),
    p(
        "sup with handler",
        "m<sup onmouseover=\"window.__pwned=1\">2</sup>",
        "raw-html-attribute",
    ),
    p(
        "time with focus handler",
        "<time datetime=\"2025-01-01\" tabindex=\"0\" onfocus=\"window.__pwned=1\">x</time>",
        "raw-html-attribute",
    ),
    p(
        "span style",
        "<span style=\"color:red\">x</span>",
        "raw-html-attribute",
    ),
    p(
        "span style with image-set",
        "<span style=\"background-image:image-set('{EVIL}/f.png' 1x)\">x</span>",
        "raw-html-attribute",
    ),
    p(
        "span class",
        "<span class=\"visually-hidden\">x</span>",
        "raw-html-attribute",
    ),
    p(
        "span id (clobbering)",
        "<span id=\"inhoud\">x</span>",
        "raw-html-attribute",
    ),
    p(
        "kbd style",
        "<kbd style=\"display:none\">x</kbd>",
        "raw-html-attribute",
    ),
    p(
        "iframe javascript",
        "<iframe src=\"javascript:window.__pwned=1\"></iframe>",
        "raw-html",
    ),
    p(
        "iframe srcdoc",
        "<iframe srcdoc=\"&lt;script&gt;parent.__pwned=1&lt;/script&gt;\"></iframe>",
        "raw-html",
    ),
    p(
        "object data",
        "<object data=\"javascript:window.__pwned=1\"></object>",
        "raw-html",
    ),
    p("embed", "<embed src=\"{EVIL}/x.swf\">", "raw-html"),
    p(
        "meta refresh",
        "<meta http-equiv=\"refresh\" content=\"0;url={EVIL}/\">",
        "raw-html",
    ),
    p("base href", "<base href=\"{EVIL}/\">", "raw-html"),
    p(
        "link stylesheet",
        "<link rel=stylesheet href=\"{EVIL}/s.css\">",
        "raw-html",
    ),
    p(
        "style import",
        "<style>@import '{EVIL}/t.css';</style>",
        "raw-html",
    ),
    p(
        "style with escaped url",
        "<style>p{background:u\\72l({EVIL}/u.png)}</style>",
        "raw-html",
    ),
    p(
        "entity in the scheme",
        "<img src=\"http&#58;//127.0.0.1:9/a.png\">",
        "raw-html",
    ),
    p(
        "http without slashes",
        "<img src=\"http:127.0.0.1:9/a.png\">",
        "raw-html",
    ),
    p(
        "tab inside the scheme",
        "<img src=\"ht\ttp://127.0.0.1:9/a.png\">",
        "raw-html",
    ),
    p(
        "alt holding src=",
        "<img alt=\" src=\" src=\"{EVIL}/h.png\">",
        "raw-html",
    ),
    p(
        "table background",
        "<table background=\"{EVIL}/c.png\"><tr><td>x</td></tr></table>",
        "raw-html",
    ),
    p(
        "svg image href",
        "<svg><image href=\"{EVIL}/d.png\"/></svg>",
        "raw-html",
    ),
    p(
        "svg use href",
        "<svg><use href=\"{EVIL}/m.svg#x\"/></svg>",
        "raw-html",
    ),
    p(
        "svg a javascript",
        "<svg><a xlink:href=\"javascript:window.__pwned=1\"><text>x</text></a></svg>",
        "raw-html",
    ),
    p(
        "svg animate to javascript",
        "<svg><a><animate attributeName=href to=\"javascript:window.__pwned=1\"/><text>x</text></a></svg>",
        "raw-html",
    ),
    p(
        "math mglyph style",
        "<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=1>",
        "raw-html",
    ),
    p(
        "paragraph style url",
        "<p style=\"background:URL({EVIL}/e.png)\">x</p>",
        "raw-html",
    ),
    p(
        "anchor ping",
        "<a href=\"/\" ping=\"{EVIL}/g\">x</a>",
        "raw-html",
    ),
    p(
        "anchor javascript",
        "<a href=\"javascript:window.__pwned=1\">x</a>",
        "raw-html",
    ),
    p(
        "form formaction",
        "<form><button formaction=\"javascript:window.__pwned=1\">x</button></form>",
        "raw-html",
    ),
    p(
        "video source",
        "<video autoplay><source src=\"{EVIL}/v.mp4\"></video>",
        "raw-html",
    ),
    p(
        "audio",
        "<audio src=\"{EVIL}/a.mp3\" autoplay></audio>",
        "raw-html",
    ),
    p(
        "input image",
        "<input type=image src=\"{EVIL}/i.png\">",
        "raw-html",
    ),
    p(
        "picture source",
        "<picture><source srcset=\"{EVIL}/l.png\"><img src=\"/x.png\" alt=\"\"></picture>",
        "raw-html",
    ),
    p(
        "img srcset",
        "<img src=\"/x.png\" srcset=\"{EVIL}/n.png 2x\" alt=\"\">",
        "raw-html",
    ),
    p("body onload", "<body onload=window.__pwned=1>", "raw-html"),
    p(
        "marquee onstart",
        "<marquee onstart=window.__pwned=1>x</marquee>",
        "raw-html",
    ),
    p(
        "noscript title breakout",
        "<noscript><p title=\"</noscript><img src=x onerror=window.__pwned=1>\">",
        "raw-html",
    ),
    p(
        "textarea breakout",
        "<textarea><img src=x onerror=window.__pwned=1></textarea>",
        "raw-html",
    ),
    p("frameset", "<frameset onload=window.__pwned=1>", "raw-html"),
    p(
        "processing instruction",
        "<?xml-stylesheet href=\"{EVIL}/x.xsl\"?>",
        "raw-html",
    ),
    p(
        "CDATA",
        "<![CDATA[<script>window.__pwned=1</script>]]>",
        "raw-html",
    ),
    p(
        "wiki-link text with script",
        "[[buurt|<script>window.__pwned=1</script>]]",
        "raw-html",
    ),
    p(
        "link javascript",
        "[x](javascript:window.__pwned=1)",
        "unsafe-url",
    ),
    p(
        "link, mixed-case scheme",
        "[x](JaVaScRiPt:window.__pwned=1)",
        "unsafe-url",
    ),
    p(
        "link, entity in the scheme",
        "[x](&#106;avascript:window.__pwned=1)",
        "unsafe-url",
    ),
    p(
        "link, hex entities",
        "[x](&#x6A;&#x61;vascript:window.__pwned=1)",
        "unsafe-url",
    ),
    p(
        "link, tab entity in the scheme",
        "[x](java&#x09;script:window.__pwned=1)",
        "unsafe-url",
    ),
    p(
        "reference link",
        "[x][r]\n\n[r]: javascript:window.__pwned=1",
        "unsafe-url",
    ),
    p("autolink", "<javascript:window.__pwned=1>", "unsafe-url"),
    p(
        "link data html",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "unsafe-url",
    ),
    p("link vbscript", "[x](vbscript:msgbox)", "unsafe-url"),
    p(
        "image javascript",
        "![foto](javascript:window.__pwned=1)",
        "unsafe-url",
    ),
    p(
        "image data svg",
        "![foto](data:image/svg+xml,%3Csvg%20onload=window.__pwned=1%3E)",
        "unsafe-url",
    ),
    p(
        "heading handler and style",
        "## Kop {onmouseover=window.__pwned=1 style=color:red}",
        "heading-attribute",
    ),
    p(
        "heading data attribute",
        "## Kop {#eigen data-x=1}",
        "heading-attribute",
    ),
    p(
        "forged link placeholder",
        "voor \u{1A}0\u{1A} na",
        "control-character",
    ),
    p(
        "forged whole-link placeholder",
        "voor \u{1B}0\u{1B} na",
        "control-character",
    ),
    p(
        "forged image placeholder",
        "voor \u{1C}0\u{1C} na",
        "control-character",
    ),
    p("NUL character", "voor \u{0} na", "control-character"),
    p("bell character", "voor \u{7} na", "control-character"),
];

const fn p(name: &'static str, body: &'static str, code: &'static str) -> Payload {
    Payload { name, body, code }
}

/// The story file for payload `n`: front matter on lines 1–4, the payload on line 5.
pub fn story(n: usize, payload: &Payload, evil: &str) -> (String, String) {
    let body = payload.body.replace("{EVIL}", evil);
    (
        format!("content/verhalen/p{n:02}.md"),
        format!("---\ntitle: Payload {n}\ndate: 2025-01-01\n---\n{body}\n"),
    )
}
