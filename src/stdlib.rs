//! The standard library: `.timon` modules under `stdlib/`, embedded in the binary.

/// `(module name, source)` of every standard module, sorted by name.
pub const MODULES: &[(&str, &str)] = &[("traefik", include_str!("../stdlib/traefik.timon"))];

/// The source of `std.<name>`.
pub fn module(name: &str) -> Option<&'static str> {
    MODULES.iter().find(|(module, _)| *module == name).map(|(_, source)| *source)
}
