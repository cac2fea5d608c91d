mod accessibility;
mod actions;
mod app;
mod browser;
mod fragment;
mod no_script;
mod popup;
mod validity;
