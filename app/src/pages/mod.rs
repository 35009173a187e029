//! One module per route, its server functions beside it.

pub mod building;
pub mod home;
pub mod not_found;
