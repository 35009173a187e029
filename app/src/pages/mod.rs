pub mod building;
pub mod home;
pub mod not_found;
pub mod pilot;
pub mod pilots;
pub mod policy;
pub mod regions;
pub mod report;
