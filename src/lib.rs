//! License Console: the browser app for ArcGIS Enterprise license administration.

pub mod portal;

pub fn start() {}
