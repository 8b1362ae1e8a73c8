//! Stage 2½, expand: between resolve and check, the program is made plain. Template instances
//! become ordinary declarations (`templates.rs`), every environment gets the shared settings of
//! the `environments` block, and for the environment being built its overrides are merged in
//! and `${env.…}` replaced (`environments.rs`). The checker then sees only declarations it
//! already knows, with spans that lead back to the template line and to the call.

mod environments;
mod merge;
mod templates;
pub mod types;
mod walk;

pub use environments::{apply_defaults, environment_names, for_environment};
pub use templates::instantiate_all;
