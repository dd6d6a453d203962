//! What a release ships stays what the installation guide promises: the archives the
//! release pipelines build (`.github/workflows/release.yml`, `.gitlab-ci.yml`) get their
//! names from `scripts/package.sh`, and `docs/installatie.md` names each of them; the
//! packing script itself makes the archive and checksum the guide tells web teams to
//! check; the wheel is maturin's `bin` kind with Cargo's version.

use std::path::{Path, PathBuf};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// `scripts/package.sh`'s table: target pattern (`x86_64-pc-windows-*`) → platform name.
fn platforms() -> Vec<(String, String)> {
    let script = read("scripts/package.sh");
    let rows: Vec<(String, String)> = script
        .lines()
        .filter_map(|line| {
            let (pattern, rest) = line.trim().split_once(") platform=")?;
            let platform = rest.split(' ').next()?.trim_end_matches(';');
            Some((pattern.to_string(), platform.to_string()))
        })
        .collect();
    assert!(rows.len() >= 5, "package.sh's platform table: {rows:?}");
    rows
}

/// The platform name `scripts/package.sh` gives a target.
fn platform_of(target: &str) -> String {
    platforms()
        .into_iter()
        .find(|(pattern, _)| match pattern.strip_suffix('*') {
            Some(prefix) => target.starts_with(prefix),
            None => pattern == target,
        })
        .map(|(_, platform)| platform)
        .unwrap_or_else(|| panic!("scripts/package.sh has no platform name for {target}"))
}

/// The targets of release.yml's archive matrix (`- { target: …, os: … }`).
fn github_targets() -> Vec<String> {
    let workflow = read(".github/workflows/release.yml");
    let archive = &workflow[workflow.find("\n  archive:").expect("an archive job")..];
    let archive = &archive[..archive.find("\n  wheel:").expect("a wheel job after it")];
    archive
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- { target: "))
        .map(|l| l.split(',').next().unwrap_or_default().trim().to_string())
        .collect()
}

#[test]
fn every_archive_the_pipelines_build_is_named_in_the_installation_guide() {
    let guide = read("docs/installatie.md");
    let gitlab = read(".gitlab-ci.yml");
    let targets = github_targets();
    assert_eq!(targets.len(), 5, "{targets:?}");
    for target in &targets {
        let platform = platform_of(target);
        let ext = if target.contains("windows") {
            "zip"
        } else {
            "tar.gz"
        };
        let name = format!("verteller-<versie>-{platform}.{ext}");
        assert!(
            guide.contains(&name),
            "docs/installatie.md does not name {name} (built for {target})"
        );
        let link = format!("verteller-$CI_COMMIT_TAG-{platform}.{ext}");
        assert!(
            gitlab.contains(&link),
            ".gitlab-ci.yml's release does not link {link}"
        );
    }
}

#[test]
fn the_wheel_is_the_binary_with_cargo_s_version() {
    let pyproject = read("pyproject.toml");
    assert!(pyproject.contains("bindings = \"bin\""), "{pyproject}");
    assert!(pyproject.contains("dynamic = [\"version\"]"), "{pyproject}");
    assert!(pyproject.contains("name = \"verteller\""), "{pyproject}");
}

/// The packing script on a stand-in binary: the archive holds one folder with the binary
/// and the documents, and its `.sha256` line is what `sha256sum --check` reads.
#[test]
#[cfg_attr(
    not(unix),
    ignore = "runs scripts/package.sh, which needs bash, tar and sha256sum (the release runners have them)"
)]
fn package_sh_makes_the_archive_and_its_checksum() {
    use std::process::Command;
    let tmp = tempfile::tempdir().unwrap();
    let target = "x86_64-unknown-linux-musl";
    let release = tmp.path().join("target").join(target).join("release");
    std::fs::create_dir_all(&release).unwrap();
    std::fs::write(release.join("verteller"), b"stand-in binary").unwrap();
    let dist = tmp.path().join("dist");
    let run = Command::new("bash")
        .arg(repo().join("scripts/package.sh"))
        .args([target, "v9.8.7"])
        .env("CARGO_TARGET_DIR", tmp.path().join("target"))
        .env("DIST_DIR", &dist)
        .output()
        .expect("bash runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let archive = "verteller-v9.8.7-linux-x86_64-musl.tar.gz";
    let sum = std::fs::read_to_string(dist.join(format!("{archive}.sha256"))).unwrap();
    assert!(sum.ends_with(&format!("  {archive}\n")), "{sum:?}");
    let check = Command::new("sha256sum")
        .arg("--check")
        .arg(format!("{archive}.sha256"))
        .current_dir(&dist)
        .output()
        .expect("sha256sum runs");
    assert!(check.status.success(), "{check:?}");
    let listing = Command::new("tar")
        .arg("-tzf")
        .arg(dist.join(archive))
        .output()
        .expect("tar runs");
    let mut names: Vec<PathBuf> = String::from_utf8_lossy(&listing.stdout)
        .lines()
        .map(PathBuf::from)
        .collect();
    names.sort();
    let folder = Path::new("verteller-v9.8.7-linux-x86_64-musl");
    let expected: Vec<PathBuf> = [
        "",
        "CHANGELOG.md",
        "README.md",
        "installatie.md",
        "verteller",
    ]
    .iter()
    .map(|name| folder.join(name))
    .collect();
    assert_eq!(names, expected);
}
