//! Starting the console: the panic notice, then the app over the sign-in form `index.html` already shows, with
//! the session kept in this tab if there is one, then the date formatter the overview needs.

use leptos::prelude::*;

use crate::app::App;
use crate::session::kept_session;

pub fn start() {
    crate::panic_notice::install();
    let session = kept_session();
    let keep_in_tab = session.is_some();
    leptos::mount::mount_to_body(move || view! { <App session=session keep_in_tab=keep_in_tab/> });
    crate::components::prepare_date_format();
}
