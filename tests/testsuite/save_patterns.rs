//! Editors' save patterns through a running `serve`: vim's backup + rename, the
//! rename-over of "safe write" editors, a folder deleted, a story renamed with an alias,
//! a rename in case only, a `git checkout` switching 1,000 files, and requests that keep
//! coming while files change. After each, serve must settle on exactly what a clean build gives.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use crate::support::Fixture;
use crate::support::serve::{get, rebuilt_after, settles_to_clean, start};

const NO_SEARCH: &str = "title = \"Test\"\nbase_url = \"https://example.org/\"\nmunicipality = \"Gemeente Test\"\n\n[search]\nenabled = false\n";

const STORY_V2: &str =
    "---\ntitle: Buurt herschreven\ndate: 2025-01-02\nthemes: [driehoek]\n---\nNieuwe tekst.\n";

#[test]
fn vim_backup_and_rename() {
    let fixture = Fixture::with(&[("site.toml", NO_SEARCH)]);
    let running = start(fixture.root());
    let before = running.shared.current().version;
    let dir = fixture.path("content/verhalen");
    // vim: swap file, the 4913 probe, original renamed to a backup, new file written,
    // backup removed, swap removed.
    fs::write(dir.join(".buurt.md.swp"), b"\0swap").unwrap();
    fs::write(dir.join("4913"), b"").unwrap();
    fs::remove_file(dir.join("4913")).unwrap();
    fs::rename(dir.join("buurt.md"), dir.join("buurt.md~")).unwrap();
    fs::write(dir.join("buurt.md"), STORY_V2).unwrap();
    fs::remove_file(dir.join("buurt.md~")).unwrap();
    fs::remove_file(dir.join(".buurt.md.swp")).unwrap();
    rebuilt_after(&running, before);
    settles_to_clean(fixture.root(), &running, Duration::from_secs(10));
    assert!(
        get(running.addr, "/verhalen/buurt/")
            .1
            .contains("Buurt herschreven")
    );
}

#[test]
fn safe_write_rename_over() {
    let fixture = Fixture::with(&[("site.toml", NO_SEARCH)]);
    let running = start(fixture.root());
    let dir = fixture.path("content/verhalen");
    // VS Code / atomic writers: a temp file renamed over the original.
    let before = running.shared.current().version;
    fs::write(dir.join(".buurt.md.tmp-4711"), STORY_V2).unwrap();
    fs::rename(dir.join(".buurt.md.tmp-4711"), dir.join("buurt.md")).unwrap();
    rebuilt_after(&running, before);
    settles_to_clean(fixture.root(), &running, Duration::from_secs(10));
    assert!(
        get(running.addr, "/verhalen/buurt/")
            .1
            .contains("Buurt herschreven")
    );

    // JetBrains "safe write": new text to ___jb_tmp___, original to ___jb_old___,
    // tmp renamed into place, old removed.
    let before = running.shared.current().version;
    let third = STORY_V2.replace("herschreven", "voor de derde keer");
    fs::write(dir.join("buurt.md___jb_tmp___"), &third).unwrap();
    fs::rename(dir.join("buurt.md"), dir.join("buurt.md___jb_old___")).unwrap();
    fs::rename(dir.join("buurt.md___jb_tmp___"), dir.join("buurt.md")).unwrap();
    fs::remove_file(dir.join("buurt.md___jb_old___")).unwrap();
    rebuilt_after(&running, before);
    settles_to_clean(fixture.root(), &running, Duration::from_secs(10));
    assert!(
        get(running.addr, "/verhalen/buurt/")
            .1
            .contains("voor de derde keer")
    );
}

#[test]
fn a_deleted_folder_and_a_new_one() {
    let fixture = Fixture::with(&[("site.toml", NO_SEARCH)]);
    for n in 0..5 {
        fixture.write(
            &format!("content/verhalen/wijk/w{n}.md"),
            format!(
                "---\ntitle: Wijk {n}\ndate: 2025-03-0{}\n---\nTekst.\n",
                n + 1
            )
            .as_bytes(),
        );
    }
    let running = start(fixture.root());
    assert_eq!(get(running.addr, "/verhalen/w3/").0, 200);

    let before = running.shared.current().version;
    fs::remove_dir_all(fixture.path("content/verhalen/wijk")).unwrap();
    fs::remove_dir_all(fixture.path("content/agenda")).unwrap();
    rebuilt_after(&running, before);
    settles_to_clean(fixture.root(), &running, Duration::from_secs(10));
    assert_eq!(get(running.addr, "/verhalen/w3/").0, 404);
    assert_eq!(get(running.addr, "/agenda/toets/").0, 404);

    // A folder created afterwards is watched too (its files arrive in later edits).
    let before = running.shared.current().version;
    fixture.write(
        "content/verhalen/nieuw/n1.md",
        b"---\ntitle: Nieuw een\ndate: 2025-04-01\n---\nA.\n",
    );
    rebuilt_after(&running, before);
    let before = running.shared.current().version;
    fixture.write(
        "content/verhalen/nieuw/n2.md",
        b"---\ntitle: Nieuw twee\ndate: 2025-04-02\n---\nB.\n",
    );
    rebuilt_after(&running, before);
    settles_to_clean(fixture.root(), &running, Duration::from_secs(10));
    assert_eq!(get(running.addr, "/verhalen/n2/").0, 200);
}

#[test]
fn a_renamed_story_breaks_links_and_its_alias_keeps_the_old_url() {
    let fixture = Fixture::with(&[
        ("site.toml", NO_SEARCH),
        (
            "content/verhalen/verwijzer.md",
            "---\ntitle: Verwijzer\ndate: 2025-02-01\n---\nLees [[buurt]].\n",
        ),
    ]);
    let running = start(fixture.root());
    assert!(running.shared.current().errors.is_empty());

    let before = running.shared.current().version;
    let dir = fixture.path("content/verhalen");
    fs::rename(dir.join("buurt.md"), dir.join("wijk.md")).unwrap();
    let text = fs::read_to_string(dir.join("wijk.md")).unwrap();
    fs::write(
        dir.join("wijk.md"),
        text.replacen("---\n", "---\naliases: [/verhalen/buurt/]\n", 1),
    )
    .unwrap();
    rebuilt_after(&running, before);
    settles_to_clean(fixture.root(), &running, Duration::from_secs(10));

    let served = running.shared.current();
    assert!(
        served
            .errors
            .iter()
            .any(|d| d.file == Path::new("content/verhalen/verwijzer.md")
                && d.message.contains("buurt")),
        "the link to the old id is an error: {:#?}",
        served.errors
    );
    let (status, redirect) = get(running.addr, "/verhalen/buurt/");
    assert_eq!(status, 200, "the alias is a redirect page");
    assert!(redirect.contains("/verhalen/wijk/"), "{redirect}");
    assert!(get(running.addr, "/verhalen/wijk/").1.contains("Buurt"));
}

/// A rename that only changes case (`buurt.md` → `Buurt.md` and back), a common editor
/// action on Windows and macOS, whose file systems ignore case: there both names stat as
/// the one file, so serve must not take the report for two files with one id. Here
/// (Linux) the old name is gone after the rename; under wine, which ignores case as
/// Windows does, both names stat (scripts/test-windows.sh).
#[test]
fn a_rename_in_case_only() {
    let fixture = Fixture::with(&[("site.toml", NO_SEARCH)]);
    let running = start(fixture.root());
    assert!(running.shared.current().errors.is_empty());
    let dir = fixture.path("content/verhalen");
    for (from, to) in [("buurt.md", "Buurt.md"), ("Buurt.md", "buurt.md")] {
        let before = running.shared.current().version;
        fs::rename(dir.join(from), dir.join(to)).unwrap();
        rebuilt_after(&running, before);
        settles_to_clean(fixture.root(), &running, Duration::from_secs(10));
        let served = running.shared.current();
        assert!(
            served.errors.is_empty(),
            "after {from} → {to}: {:#?}",
            served.errors
        );
        assert_eq!(get(running.addr, "/verhalen/buurt/").0, 200);
    }
}

fn git(root: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_git_checkout_switching_1000_files() {
    let fixture = Fixture::with(&[("site.toml", NO_SEARCH)]);
    let story = |n: usize, branch: &str| {
        format!(
            "---\ntitle: Verhaal {n} ({branch})\ndate: 2025-0{}-1{}\nthemes: [driehoek]\n---\nZie [[v{:04}]] en [[begin]].\n",
            1 + n % 9,
            n % 10,
            (n + 1) % 1000
        )
    };
    for n in 0..1000 {
        fixture.write(
            &format!("content/verhalen/v{n:04}.md"),
            story(n, "main").as_bytes(),
        );
    }
    let root = fixture.root();
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "main"]);
    git(root, &["checkout", "-q", "-b", "herzien"]);
    // The other branch: every story rewritten, 50 removed, 50 new ones.
    for n in 0..1000 {
        let path = format!("content/verhalen/v{n:04}.md");
        if n % 20 == 0 {
            fs::remove_file(fixture.path(&path)).unwrap();
        } else {
            fixture.write(&path, story(n, "herzien").as_bytes());
        }
    }
    for n in 0..50 {
        fixture.write(
            &format!("content/verhalen/extra{n:02}.md"),
            story(n, "extra").as_bytes(),
        );
    }
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "herzien"]);
    git(root, &["checkout", "-q", "main"]);

    let running = start(fixture.root());
    settles_to_clean(fixture.root(), &running, Duration::from_secs(30));
    let before = running.shared.current().version;
    git(root, &["checkout", "-q", "herzien"]);
    rebuilt_after(&running, before);
    settles_to_clean(fixture.root(), &running, Duration::from_secs(60));
    assert_eq!(get(running.addr, "/verhalen/v0020/").0, 404);
    assert!(
        get(running.addr, "/verhalen/v0021/")
            .1
            .contains("Verhaal 21 (herzien)")
    );
    // And back.
    let before = running.shared.current().version;
    git(root, &["checkout", "-q", "main"]);
    rebuilt_after(&running, before);
    settles_to_clean(fixture.root(), &running, Duration::from_secs(60));
    assert_eq!(get(running.addr, "/verhalen/v0020/").0, 200);
}

#[test]
fn requests_never_fail_while_files_change() {
    let fixture = Fixture::with(&[("site.toml", NO_SEARCH)]);
    let running = start(fixture.root());
    let addr = running.addr;
    let stop = Arc::new(AtomicBool::new(false));
    let (ok, failed) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let clients: Vec<_> = (0..16)
        .map(|c| {
            let (stop, ok, failed) = (stop.clone(), ok.clone(), failed.clone());
            std::thread::spawn(move || {
                let paths = ["/", "/verhalen/buurt/", "/verhalen/", "/themas/driehoek/"];
                let mut i = c;
                while !stop.load(Ordering::Relaxed) {
                    let (status, body) = get(addr, paths[i % paths.len()]);
                    i += 1;
                    if status == 200 && body.contains("</html>") {
                        ok.fetch_add(1, Ordering::Relaxed);
                    } else {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    for n in 0..20 {
        let before = running.shared.current().version;
        fixture.write(
            "content/verhalen/buurt.md",
            STORY_V2
                .replace("herschreven", &format!("versie {n}"))
                .as_bytes(),
        );
        rebuilt_after(&running, before);
    }
    stop.store(true, Ordering::Relaxed);
    for client in clients {
        client.join().expect("client thread");
    }
    let (ok, failed) = (ok.load(Ordering::Relaxed), failed.load(Ordering::Relaxed));
    assert_eq!(failed, 0, "{failed} failed requests of {}", ok + failed);
    assert!(ok > 100, "only {ok} requests made");
    settles_to_clean(fixture.root(), &running, Duration::from_secs(10));
}
