//! Seats used against owned per user type over time, as SVG polylines: the geometry, plain Rust.

use super::snapshot::{Seats, Snapshot};

/// One user type's lines: assigned, and owned.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub id: String,
    pub assigned: String,
    pub owned: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    pub lines: Vec<Line>,
    /// The top of the scale: the most seats owned or assigned of any type at any time.
    pub max: u64,
    pub first: i64,
    pub last: i64,
}

/// Points `x,y` in a `width` × `height` box, time left to right, seats bottom to top; each user type's lines in
/// the order the types first appear.
pub fn chart(snapshots: &[Snapshot], width: f64, height: f64) -> Chart {
    let max = snapshots
        .iter()
        .flat_map(user_types)
        .flat_map(|s| [s.owned, s.assigned])
        .flatten()
        .max()
        .unwrap_or(0)
        .max(1);
    let (first, last) = match (snapshots.first(), snapshots.last()) {
        (Some(a), Some(b)) => (a.at, b.at),
        _ => (0, 0),
    };
    let span = (last - first).max(1) as f64;
    let y = |n: u64| height - n as f64 / max as f64 * height;
    let mut lines: Vec<Line> = Vec::new();
    // The snapshot each line last took a point from: a type listed twice in one snapshot counts once.
    let mut last_drawn: Vec<usize> = Vec::new();
    for (i, snapshot) in snapshots.iter().enumerate() {
        let x = (snapshot.at - first) as f64 / span * width;
        for seats in user_types(snapshot) {
            let at = match lines.iter().position(|l| l.id == seats.id) {
                Some(at) if last_drawn[at] == i => continue,
                Some(at) => at,
                None => {
                    lines.push(Line {
                        id: seats.id.clone(),
                        assigned: String::new(),
                        owned: String::new(),
                    });
                    last_drawn.push(i);
                    lines.len() - 1
                }
            };
            last_drawn[at] = i;
            let line = &mut lines[at];
            if let Some(n) = seats.assigned {
                push_point(&mut line.assigned, x, y(n));
            }
            if let Some(n) = seats.owned {
                push_point(&mut line.owned, x, y(n));
            }
        }
    }
    Chart {
        lines,
        max,
        first,
        last,
    }
}

fn user_types(snapshot: &Snapshot) -> impl Iterator<Item = &Seats> {
    snapshot.seats.iter().filter(|s| s.kind == "userType")
}

/// ` x,y` (no space before the first), each to the nearest tenth: written by hand, since three years of six types
/// are 13,000 points and `{:.1}`'s float formatting showed in the History screen's profile (2 % of its samples).
fn push_point(points: &mut String, x: f64, y: f64) {
    if !points.is_empty() {
        points.push(' ');
    }
    push_tenths(points, x);
    points.push(',');
    push_tenths(points, y);
}

fn push_tenths(out: &mut String, v: f64) {
    let tenths = (v * 10.0).round() as i64;
    if tenths < 0 {
        out.push('-');
    }
    let tenths = tenths.unsigned_abs();
    let whole = tenths / 10;
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = whole;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| d as char));
    out.push('.');
    out.push((b'0' + (tenths % 10) as u8) as char);
}

#[cfg(test)]
mod tests {
    use super::push_tenths;

    fn written(v: f64) -> String {
        let mut out = String::new();
        push_tenths(&mut out, v);
        out
    }

    #[test]
    fn coordinates_are_written_to_the_nearest_tenth() {
        for v in [
            0.0, 0.04, 0.96, 1.0, 12.34, 199.99, 240.0, 800.0, 123_456.7, -3.26,
        ] {
            assert_eq!(written(v), format!("{v:.1}"), "{v}");
        }
        for i in 0..20_000 {
            let v = f64::from(i) * 0.0417;
            let text = written(v);
            assert_eq!(
                text.split_once('.').map(|(_, d)| d.len()),
                Some(1),
                "{text}"
            );
            assert!(
                (text.parse::<f64>().unwrap() - v).abs() <= 0.050_000_1,
                "{v} → {text}"
            );
        }
    }
}
