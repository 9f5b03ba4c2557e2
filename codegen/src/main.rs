fn main() {
    let spec = sentinel_incidents_codegen::SpecSource::read("spec/incidents.json".as_ref(), "spec/incidents.json").unwrap();
    match sentinel_incidents_codegen::generate(&spec) {
        Ok(s) => print!("{s}"),
        Err(e) => { eprintln!("{e}"); std::process::exit(1) }
    }
}
