//! The smallest valid site, on its own so that `examples/hostile.rs` can include it
//! (with the hostile-content catalogue) without the rest of the test support.

/// The smallest valid site: config, one agenda theme, one quadrant, one chapter, one story.
pub const MINIMAL: &[(&str, &str)] = &[
    (
        "site.toml",
        "title = \"Test\"\nbase_url = \"https://example.org/\"\nmunicipality = \"Gemeente Test\"\n",
    ),
    ("content/_index.md", "---\ntitle: Welkom\n---\nHallo.\n"),
    (
        "content/themas/driehoek.md",
        "---\ntitle: Driehoek\n---\nOver de driehoek.\n",
    ),
    (
        "content/kwadranten/rechtmatig.md",
        "---\ntitle: Rechtmatig\naxes: {sturing: waarde, richting: binnen-buiten}\n---\nRegels.\n",
    ),
    (
        "content/verhaal/begin.md",
        "---\ntitle: Begin\nweight: 1\n---\n## Start\n\nHet begin.\n",
    ),
    (
        "content/verhalen/buurt.md",
        "---\ntitle: Buurt\ndate: 2025-01-02\nthemes: [driehoek]\nquadrants: [rechtmatig]\nroles: [burger]\n---\n## Aanpak\n\nZie [[begin]].\n",
    ),
    (
        "content/agenda/toets.md",
        "---\ntitle: Toets\ntheme: driehoek\nstatus: lopend\n---\nDe toets.\n",
    ),
];
