//! What the HTTP layer adds to HTML in `serve`: the live-reload script and, while the
//! site has errors, the error overlay. Build output never contains either.

use crate::diagnostics::Diagnostic;
use crate::markdown::escape;
use crate::messages::Lang;

/// Where serve's own files live (outside the site's base path).
pub const PREFIX: &str = "/__verteller/";

/// The live-reload script: an EventSource that reloads on `reload`, swaps stylesheets on
/// `css`, and closes while the tab is hidden (each open stream holds one of the
/// browser's few connections per host).
pub const RELOAD_JS: &str = r#"(function () {
  var me = document.currentScript;
  var version = me ? me.getAttribute("data-version") : "0";
  var source = null;
  function swapCss() {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set("v", Date.now());
      link.href = url.toString();
    });
  }
  function open() {
    if (source) return;
    source = new EventSource("/__verteller/events");
    source.addEventListener("hello", function (e) { if (e.data !== version) location.reload(); });
    source.addEventListener("reload", function () { location.reload(); });
    source.addEventListener("css", function (e) { version = e.data; swapCss(); });
  }
  function close() { if (source) { source.close(); source = null; } }
  document.addEventListener("visibilitychange", function () { if (document.hidden) close(); else open(); });
  if (!document.hidden) open();
})();
"#;

pub const OVERLAY_CSS: &str = "#verteller-overlay{position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;\
background:#fff4f4;color:#1a1a1a;border-top:4px solid #a4000f;padding:1rem 1.5rem;font:16px/1.5 system-ui,sans-serif;\
z-index:2147483647;box-shadow:0 -4px 16px rgba(0,0,0,.2)}#verteller-overlay h2{margin:0 0 .5rem;font-size:1.1rem;color:#a4000f}\
#verteller-overlay code{font-weight:700}#verteller-overlay li{margin:.25rem 0}#verteller-overlay .hint{color:#4a4a4a}\n";

/// The HTML inserted before `</body>`.
pub fn snippet(version: u64, errors: &[Diagnostic], lang: Lang) -> String {
    let mut out =
        format!("<script src=\"{PREFIX}reload.js\" data-version=\"{version}\"></script>\n");
    if !errors.is_empty() {
        let title = match (lang, errors.len()) {
            (Lang::Nl, 1) => "1 fout in de site".to_string(),
            (Lang::Nl, n) => format!("{n} fouten in de site"),
            (Lang::En, 1) => "1 error in the site".to_string(),
            (Lang::En, n) => format!("{n} errors in the site"),
        };
        out.push_str(&format!(
            "<link rel=\"stylesheet\" href=\"{PREFIX}overlay.css\">\n"
        ));
        out.push_str(&format!(
            "<div id=\"verteller-overlay\" role=\"alert\"><h2>{title}</h2><ol>"
        ));
        for d in errors.iter().take(50) {
            out.push_str(&format!(
                "<li><code>{}:{}:{}</code> {}",
                escape(&crate::diagnostics::shown(&d.file)),
                d.position.line,
                d.position.column,
                escape(&d.message)
            ));
            if let Some(hint) = &d.hint {
                out.push_str(&format!(" <span class=\"hint\">— {}</span>", escape(hint)));
            }
            out.push_str("</li>");
        }
        out.push_str("</ol></div>\n");
    }
    out
}

/// `html` with `snippet` before its last `</body>` (or at the end).
pub fn inject(html: &[u8], snippet: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let at = text.rfind("</body>").unwrap_or(text.len());
    let mut out = String::with_capacity(text.len() + snippet.len());
    out.push_str(&text[..at]);
    out.push_str(snippet);
    out.push_str(&text[at..]);
    out.into_bytes()
}
