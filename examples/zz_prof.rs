// scratch: profile story-edit rebuilds (not committed)
use std::time::Instant;
use verteller::pipeline::{self, BuildOptions, Memo};
fn main() {
    let site = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let runs: usize = std::env::args()
        .nth(2)
        .map(|s| s.parse().unwrap())
        .unwrap_or(30);
    let options = BuildOptions {
        root: site.clone(),
        base_url: Some("http://127.0.0.1:1111/".into()),
        today: pipeline::today(),
        ..BuildOptions::default()
    };
    let mut memo = Memo::for_serve();
    pipeline::build_with(&options, &mut memo).unwrap();
    let mut stories: Vec<_> = std::fs::read_dir(site.join("content/verhalen"))
        .unwrap()
        .flat_map(|e| std::fs::read_dir(e.unwrap().path()).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    stories.sort();
    let mut tot = vec![];
    for run in 0..runs {
        let p = &stories[(run * 97) % stories.len()];
        let t = std::fs::read_to_string(p).unwrap();
        let t2 = t.replacen("\n\n", &format!("\n\nGewijzigd {run}. "), 1);
        let t2 = if t2 == t {
            format!("{t}\nX{run}\n")
        } else {
            t2
        };
        std::fs::write(p, t2).unwrap();
        let s = Instant::now();
        let b = pipeline::build_with(&options, &mut memo).unwrap();
        tot.push(s.elapsed().as_secs_f64() * 1000.0);
        let st: Vec<String> = b
            .stages
            .iter()
            .map(|(n, d)| format!("{n} {:.1}", d.as_secs_f64() * 1000.0))
            .collect();
        eprintln!("{:.1} ms: {}", tot.last().unwrap(), st.join(", "));
        std::fs::write(p, t).unwrap();
        pipeline::build_with(&options, &mut memo).unwrap();
    }
    tot.sort_by(|a, b| a.partial_cmp(b).unwrap());
    eprintln!("median {:.1}", tot[tot.len() / 2]);
}
