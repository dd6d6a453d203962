//! Related stories without comparing every pair: stories with the same features form a
//! group, and groups are ranked against groups.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::model::{Document, Kind};

use super::{DocIdx, Refs};

/// Related stories (DESIGN §2): explicit `related` first, then stories ranked by how many
/// agenda themes, quadrants and roles they share; ties by closeness in date, then id.
///
/// Stories with the same feature set form a group; groups are scored against groups
/// (few), and within a group the nearest dates are found by binary search.
pub fn related_stories(docs: &[Arc<Document>], refs: &[Refs], k: usize) -> Vec<Vec<DocIdx>> {
    let days: Vec<i64> = docs
        .iter()
        .map(|d| d.fields.date().map_or(0, |d| d.day_number()))
        .collect();
    let rank = id_ranks(docs);
    let groups = feature_groups(docs, refs, &days);
    let ranking = &Ranking {
        groups: &groups,
        days: &days,
        rank: &rank,
        refs,
        k,
    };

    // Groups in parallel; within one, its members share the ranking of other groups.
    let chosen_per_story: Vec<(DocIdx, Vec<DocIdx>)> = groups
        .par_iter()
        .flat_map_iter(|(feature_set, group)| {
            let levels = ranking.levels(feature_set);
            group
                .members
                .iter()
                .map(move |&s| (s, ranking.choose(s, &levels)))
        })
        .collect();
    let mut related = vec![Vec::new(); docs.len()];
    for (s, chosen) in chosen_per_story {
        related[s] = chosen;
    }
    related
}

/// A story's features: the agenda themes, quadrants and roles it names, sorted, each once.
fn features(r: &Refs) -> Vec<DocIdx> {
    let mut f: Vec<DocIdx> = r
        .themes
        .iter()
        .chain(&r.quadrants)
        .chain(&r.roles)
        .copied()
        .collect();
    f.sort_unstable();
    f.dedup();
    f
}

/// Each document's place in id order (then index), so candidates compare as integers
/// in the order (distance, id, index) instead of comparing id strings.
fn id_ranks(docs: &[Arc<Document>]) -> Vec<usize> {
    let mut order: Vec<DocIdx> = (0..docs.len()).collect();
    order.sort_unstable_by(|&a, &b| docs[a].id.cmp(&docs[b].id).then(a.cmp(&b)));
    let mut rank = vec![0; docs.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }
    rank
}

/// The stories grouped by feature set (in the order of the sets), each group's members
/// by date, with their days beside them: `nearest` searches the days directly (through
/// the member's document it missed the cache and called a closure per step).
fn feature_groups(
    docs: &[Arc<Document>],
    refs: &[Refs],
    days: &[i64],
) -> Vec<(Vec<DocIdx>, Group)> {
    let mut groups: BTreeMap<Vec<DocIdx>, Vec<DocIdx>> = BTreeMap::new();
    for s in (0..docs.len()).filter(|&i| docs[i].kind == Kind::Story) {
        groups.entry(features(&refs[s])).or_default().push(s);
    }
    groups
        .into_iter()
        .map(|(f, mut members)| {
            members.sort_by(|a, b| {
                days[*a]
                    .cmp(&days[*b])
                    .then_with(|| docs[*a].id.cmp(&docs[*b].id))
            });
            let member_days = members.iter().map(|&m| days[m]).collect();
            (
                f,
                Group {
                    members,
                    days: member_days,
                },
            )
        })
        .collect()
}

/// What choosing one story's related stories reads: the groups, every document's day
/// and id rank, the explicit `related` lists and how many to choose.
struct Ranking<'a> {
    groups: &'a [(Vec<DocIdx>, Group)],
    days: &'a [i64],
    rank: &'a [usize],
    refs: &'a [Refs],
    k: usize,
}

/// Groups (by position) that share as many features, the most shared first.
type Levels = BTreeMap<std::cmp::Reverse<usize>, Vec<usize>>;

impl Ranking<'_> {
    /// Other groups by shared features, best first; 0 shared = not related.
    fn levels(&self, feature_set: &[DocIdx]) -> Levels {
        let mut levels = Levels::new();
        for (h, (other, _)) in self.groups.iter().enumerate() {
            let shared = count_shared(feature_set, other);
            if shared > 0 {
                levels.entry(std::cmp::Reverse(shared)).or_default().push(h);
            }
        }
        levels
    }

    /// Story `s`'s related stories: its explicit `related` first, then the best of each
    /// level in turn until there are `k`.
    fn choose(&self, s: DocIdx, levels: &Levels) -> Vec<DocIdx> {
        let k = self.k;
        let mut chosen: Vec<DocIdx> = Vec::with_capacity(k);
        for &r in &self.refs[s].related {
            if r != s && !chosen.contains(&r) && chosen.len() < k {
                chosen.push(r);
            }
        }
        for level in levels.values() {
            if chosen.len() >= k {
                break;
            }
            let want = k - chosen.len();
            let candidates = self.candidates(s, level, &chosen, want);
            chosen.extend(best(candidates, want));
        }
        chosen
    }

    /// The stories of one level's groups nearest in date to `s`, as (distance, id rank,
    /// index), leaving out `s` and those already chosen.
    fn candidates(
        &self,
        s: DocIdx,
        level: &[usize],
        chosen: &[DocIdx],
        want: usize,
    ) -> Vec<(i64, usize, DocIdx)> {
        let target = self.days[s];
        let mut candidates = Vec::new();
        for &h in level {
            // Enough nearest stories from this group to fill the gap even if
            // some are `s` itself or already chosen.
            let need = want + chosen.len() + 1;
            for c in nearest(&self.groups[h].1, target, need) {
                if c != s && !chosen.contains(&c) {
                    candidates.push(((self.days[c] - target).abs(), self.rank[c], c));
                }
            }
        }
        candidates
    }
}

/// The `want` best candidates, nearest first and ties by id.
///
/// Every story is in one group and `nearest` yields each once, so the candidates are
/// distinct: the `want` best, then only those sorted. (A level can hold hundreds of groups
/// at 100,000 stories; sorting all their candidates for every story made this step
/// superlinear.)
fn best(mut candidates: Vec<(i64, usize, DocIdx)>, want: usize) -> impl Iterator<Item = DocIdx> {
    if candidates.len() > want {
        candidates.select_nth_unstable(want);
        candidates.truncate(want);
    }
    candidates.sort_unstable();
    candidates.into_iter().map(|c| c.2)
}

fn count_shared(a: &[DocIdx], b: &[DocIdx]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Stories with the same feature set, sorted by date (then id), and their days.
struct Group {
    members: Vec<DocIdx>,
    days: Vec<i64>,
}

/// Up to `count` members of `group` nearest to day `target`.
fn nearest(group: &Group, target: i64, count: usize) -> Vec<DocIdx> {
    let (list, day) = (&group.members, &group.days);
    let split = day.partition_point(|&d| d < target);
    let (mut lo, mut hi) = (split, split); // lo: next to take going left is lo-1
    let mut out = Vec::with_capacity(count);
    let mut furthest = None;
    while out.len() < count && (lo > 0 || hi < list.len()) {
        let left = (lo > 0).then(|| target - day[lo - 1]);
        let right = (hi < list.len()).then(|| day[hi] - target);
        match (left, right) {
            (Some(dl), Some(dr)) if dl <= dr => {
                out.push(list[lo - 1]);
                lo -= 1;
                furthest = Some(dl);
            }
            (_, Some(dr)) => {
                out.push(list[hi]);
                hi += 1;
                furthest = Some(dr);
            }
            (Some(dl), None) => {
                out.push(list[lo - 1]);
                lo -= 1;
                furthest = Some(dl);
            }
            (None, None) => break,
        }
    }
    // Every member at the largest distance taken, on both sides: which of them count is
    // decided afterwards by id, and a walk outwards meets the left side's ids from the
    // highest down.
    if let Some(furthest) = furthest {
        while lo > 0 && target - day[lo - 1] == furthest {
            out.push(list[lo - 1]);
            lo -= 1;
        }
        while hi < list.len() && day[hi] - target == furthest {
            out.push(list[hi]);
            hi += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Group, nearest};

    /// Members by date (index order = id order within a day); `nearest` must return every
    /// member tied at the furthest distance it reaches, so the lowest ids can win.
    #[test]
    fn nearest_keeps_every_member_tied_at_the_edge() {
        // Days of members 0..10: five on day 8, one on day 10, four on day 12.
        let days = vec![8, 8, 8, 8, 8, 10, 12, 12, 12, 12];
        let list = Group {
            members: (0..days.len()).collect(),
            days,
        };
        let mut got = nearest(&list, 10, 3);
        got.sort_unstable();
        assert_eq!(got, (0..10).collect::<Vec<_>>());
        // Nearer than the edge: nothing extra.
        let mut got = nearest(&list, 10, 1);
        got.sort_unstable();
        assert_eq!(got, [5]);
        // Past the end of the list on one side.
        let mut got = nearest(&list, 13, 2);
        got.sort_unstable();
        assert_eq!(got, [6, 7, 8, 9]);
    }
}
