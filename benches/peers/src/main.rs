//! Peer benchmark: our client against bare reqwest, the legacy SDK and (from
//! scripts/bench-peers.sh) the Python SDK, all calling one loopback server.
//!
//!     peers serve [--port N]                      # prints its URL, serves until killed
//!     peers client --side S --calls N [--in-flight K] [--warmup W] --url URL
//!     peers throughput --url URL [--rounds R] [--out FILE]
//!     peers decode [--rounds R] [--out FILE]
//!     peers decode-count --side ours|legacy|value --count N
//!     peers table FILE                            # the tables from collected results
//!
//! `client` and `decode-count` do one side only, for callgrind; the
//! script runs them at two counts so that startup cancels out.

mod bench;
mod server;
mod sides;
mod table;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

pub const SAMPLE: &str = include_str!("../../../tests/fixtures/sample-incident.json");
pub const SUBSCRIPTION: &str = "d0cfe6b2-9ac0-4464-9919-dccaee2e48c0";
pub const RESOURCE_GROUP: &str = "myRg";
pub const WORKSPACE: &str = "myWorkspace";
pub const INCIDENT: &str = "73e01a99-5cd7-4139-a149-9f2736ff2ab5";

/// `--key value` pairs after the subcommand, and bare words.
struct Args {
    named: HashMap<String, String>,
    positional: Vec<String>,
}

impl Args {
    fn parse(args: impl Iterator<Item = String>) -> Args {
        let (mut named, mut positional) = (HashMap::new(), Vec::new());
        let mut args = args.peekable();
        while let Some(arg) = args.next() {
            match arg.strip_prefix("--") {
                Some(key) => {
                    let value = args
                        .next()
                        .unwrap_or_else(|| die(&format!("--{key} needs a value")));
                    named.insert(key.to_string(), value);
                }
                None => positional.push(arg),
            }
        }
        Args { named, positional }
    }

    fn string(&self, key: &str) -> String {
        self.named
            .get(key)
            .cloned()
            .unwrap_or_else(|| die(&format!("--{key} is required")))
    }

    fn number(&self, key: &str, default: usize) -> usize {
        self.named.get(key).map_or(default, |v| {
            v.parse()
                .unwrap_or_else(|_| die(&format!("--{key} takes a number, not {v}")))
        })
    }

    fn out(&self) -> Option<std::fs::File> {
        self.named.get("out").map(|path| {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .unwrap_or_else(|e| die(&format!("{path}: {e}")))
        })
    }
}

fn die(message: &str) -> ! {
    eprintln!("peers: {message}");
    std::process::exit(2)
}

/// A subscriber as a service installs one: fmt at INFO, into a sink. Our
/// per-call spans are DEBUG, so they are filtered out, as in production.
/// `init` also routes the `log` crate (the legacy SDK's) into it.
fn init_tracing() {
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_writer(std::io::sink)
        .init();
}

fn main() {
    let mut argv = std::env::args().skip(1);
    let command = argv.next().unwrap_or_default();
    let args = Args::parse(argv);
    match command.as_str() {
        "serve" => server::serve(args.number("port", 0) as u16),
        "client" => {
            init_tracing();
            let side = args.string("side");
            let calls = args.number("calls", 2000);
            let in_flight = args.number("in-flight", 1);
            let warmup = args.number("warmup", 0);
            if in_flight > 1
                && !(calls.is_multiple_of(in_flight) && warmup.is_multiple_of(in_flight))
            {
                die("--calls and --warmup must be multiples of --in-flight");
            }
            let caller = Arc::new(sides::Caller::new(&side, &args.string("url")));
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(caller.run(warmup, in_flight));
            let start = Instant::now();
            rt.block_on(caller.run(calls, in_flight));
            let elapsed = start.elapsed();
            println!(
                "side={side} calls={calls} in_flight={in_flight} elapsed_ns={} us_per_call={:.2}",
                elapsed.as_nanos(),
                elapsed.as_nanos() as f64 / calls as f64 / 1e3
            );
        }
        "throughput" => {
            init_tracing();
            let mut out = args.out();
            bench::throughput(
                &args.string("url"),
                &sides::SIDES,
                args.number("rounds", 41),
                args.number("seq-batch", 100),
                args.number("in-flight", 32),
                args.number("in-flight-batches", 10),
                &mut out,
            );
        }
        "decode" => {
            let mut out = args.out();
            bench::decode(
                args.number("rounds", 41),
                args.number("batch", 2000),
                &mut out,
            );
        }
        "decode-count" => {
            let side = args.string("side");
            for _ in 0..args.number("count", 10_000) {
                bench::decode_once(&side, SAMPLE.as_bytes());
            }
        }
        "table" => {
            let path = args
                .positional
                .first()
                .unwrap_or_else(|| die("table takes the results file"));
            table::print(path);
        }
        _ => die(
            "subcommands: serve, client, throughput, decode, decode-count, table (see src/main.rs)",
        ),
    }
}
