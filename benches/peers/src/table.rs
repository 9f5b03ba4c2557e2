//! The tables from a results file: one line per figure, tab-separated
//! metric, side, mode and value, appended by the subcommands and the script.

use std::collections::HashMap;

struct Results(HashMap<(String, String, String), String>);

impl Results {
    fn read(path: &str) -> Results {
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| crate::die(&format!("{path}: {e}")));
        let mut map = HashMap::new();
        for line in text.lines() {
            let mut parts = line.splitn(4, '\t');
            if let (Some(m), Some(s), Some(o), Some(v)) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            {
                // A later line wins, so a re-run part replaces an earlier one.
                map.insert((m.to_string(), s.to_string(), o.to_string()), v.to_string());
            }
        }
        Results(map)
    }

    fn get(&self, metric: &str, side: &str, mode: &str) -> Option<&str> {
        self.0
            .get(&(metric.to_string(), side.to_string(), mode.to_string()))
            .map(String::as_str)
    }

    fn num(&self, metric: &str, side: &str, mode: &str) -> Option<f64> {
        self.get(metric, side, mode).and_then(|v| v.parse().ok())
    }

    fn version(&self, name: &str) -> &str {
        self.get("version", name, "-").unwrap_or("?")
    }
}

fn or_dash(x: Option<String>) -> String {
    x.unwrap_or_else(|| "—".to_string())
}

fn kilo(x: Option<f64>) -> String {
    or_dash(x.map(|x| format!("{:.1}k", x / 1e3)))
}

fn fixed(x: Option<f64>, digits: usize) -> String {
    or_dash(x.map(|x| format!("{x:.digits$}")))
}

pub fn print(path: &str) {
    let r = Results::read(path);
    println!("Versions:");
    let mut versions: Vec<(&str, &str)> =
        r.0.iter()
            .filter(|((m, _, _), _)| m == "version")
            .map(|((_, s, _), v)| (s.as_str(), v.as_str()))
            .collect();
    versions.sort();
    for (name, version) in versions {
        println!("  {name}: {version}");
    }
    if let Some(load) = r.get("meta", "load", "-") {
        println!("  load average: {load}");
    }
    println!();

    let calls = r.get("meta", "instr_calls", "-").unwrap_or("?");
    let rounds = r.get("meta", "rounds", "-").unwrap_or("?");
    println!(
        "| client | client-side instructions per call (callgrind, {calls} calls): sequential / 32 in flight | ratio to bare reqwest | µs per call: sequential / 32 in flight | throughput ratio to bare: sequential / 32 in flight |"
    );
    println!("|---|---|---|---|---|");
    let rows = [
        ("bare", format!("bare reqwest {} + `serde_json` into `types::Incident`", r.version("reqwest"))),
        (
            "legacy-keepalive",
            format!(
                "legacy SDK (`azure_mgmt_securityinsights` {} on azure_core {}), keep-alive transport",
                r.version("azure_mgmt_securityinsights"),
                r.version("azure_core")
            ),
        ),
        ("ours", "ours, `SentinelClient::get_incident`".to_string()),
        ("legacy-default", "legacy SDK, its default transport (no keep-alive)".to_string()),
    ];
    for (side, label) in rows {
        let instr = |mode| r.num("instr", side, mode);
        let ratio = |mode| match (instr(mode), r.num("instr", "bare", mode)) {
            (Some(a), Some(b)) => Some(a / b),
            _ => None,
        };
        println!(
            "| {label} | {} / {} | {} / {} | {} / {} | {} / {} |",
            kilo(instr("seq")),
            kilo(instr("inflight")),
            fixed(ratio("seq"), 2),
            fixed(ratio("inflight"), 2),
            fixed(r.num("tput_us", side, "seq"), 1),
            fixed(r.num("tput_us", side, "inflight"), 1),
            fixed(r.num("tput_ratio", side, "seq"), 2),
            fixed(r.num("tput_ratio", side, "inflight"), 2),
        );
    }
    // Absent when the run skipped it (--no-python).
    if r.get("python_ratio", "python", "seq").is_some() {
        println!(
            "| Python azure-mgmt-securityinsight {} | — | — | {} / — | {} (sequential) / — |",
            r.version("azure-mgmt-securityinsight"),
            fixed(r.num("python_us", "python", "seq"), 1),
            fixed(r.num("python_ratio", "python", "seq"), 2),
        );
    }
    println!();
    if calls == "?" {
        println!("Instructions: not measured in this run (--no-callgrind).");
    } else {
        println!("Instructions: the whole client process under callgrind, (I(more calls) - I(fewer calls)) / {calls}, so startup cancels; the server is another process.");
    }
    println!("Throughput: medians over {rounds} interleaved rounds (one batch of each side per round, order rotating); the ratio is the median of per-round ratios.");
    println!("Python: sequential only, side by side with the bare client in alternating rounds (python/bench_python.py).");
    println!();

    println!("| decode the sample into | µs per decode | time ratio to ours | instructions per decode | keeps unknown fields: top level / in properties | re-encodes differently |");
    println!("|---|---|---|---|---|---|");
    for (side, label) in [
        ("ours", "ours, `types::Incident`"),
        (
            "legacy",
            "legacy, `package_preview_2024_04::models::Incident`",
        ),
        ("value", "`serde_json::Value`"),
    ] {
        println!(
            "| {label} | {} | {} | {} | {} / {} | {} |",
            fixed(r.num("decode_us", side, "-"), 2),
            fixed(r.num("decode_ratio", side, "-"), 2),
            kilo(r.num("decode_instr", side, "-")),
            r.get("unknown_top", side, "-").unwrap_or("—"),
            r.get("unknown_props", side, "-").unwrap_or("—"),
            r.get("reencode_differs", side, "-").unwrap_or("—"),
        );
    }
}
