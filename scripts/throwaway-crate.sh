# Sourced by the build-cost scripts: throwaway_crate DIR DEPENDENCIES writes a
# library crate at DIR whose [dependencies] are DEPENDENCIES, with this
# project's Cargo.lock (same versions where the graphs overlap), and fetches
# its crates so that the builds measured afterwards are offline.
throwaway_crate() {
  local dir=$1 deps=$2
  mkdir -p "$dir/src"
  cat >"$dir/Cargo.toml" <<TOML
[package]
name = "throwaway-$(basename "$dir")"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
$deps

[workspace]
TOML
  echo 'pub fn touch() {}' >"$dir/src/lib.rs"
  cp "$root/Cargo.lock" "$dir/Cargo.lock"
  (cd "$dir" && cargo fetch -q)
}
