//! The code of every screen but the overview, fetched the first time the screen is opened. In the split build
//! (`cargo xtask dist` compiles with `--cfg split_screens`) each function below is a split point: the screen's code,
//! and whatever only it uses, goes into a file of its own that the browser fetches on the first call. In any other
//! build (`trunk build`, `trunk serve`, the tests) they are plain functions and the console is one file.

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

use crate::route::Route;

/// Why a screen could not be shown: its code did not arrive.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CodeNotFetched;

impl From<SplitLoaderError> for CodeNotFetched {
    fn from(_: SplitLoaderError) -> Self {
        Self
    }
}

/// One split point per screen: `$name` names the file its code goes to.
macro_rules! screen_code {
    ($($name:ident => $screen:ident,)*) => {
        $(
            #[cfg_attr(
                split_screens,
                leptos::wasm_split::wasm_split($name, fallible, wasm_split_path = ::leptos::wasm_split)
            )]
            fn $name() -> Result<AnyView, CodeNotFetched> {
                Ok(view! { <super::$screen/> }.into_any())
            }
        )*
    };
}

screen_code! {
    members => Members,
    history => History,
    release => Release,
    server_licenses => ServerLicenses,
    license_file => LicenseFile,
    license_manager => LicenseManagerPage,
    entitlements => Entitlements,
}

/// Calls a split point: awaited in the split build, called at once in any other.
macro_rules! call {
    ($name:ident) => {{
        #[cfg(split_screens)]
        let view = $name().await;
        #[cfg(not(split_screens))]
        let view = $name();
        view
    }};
}

/// Starts what `route`'s screen reads first, so that it is read beside the fetch of the screen's code, not after it;
/// the screen takes it from context. Only History's: its reading is the history keeper's, in the main module
/// already, where the other screens' readings are in their own code.
pub fn start_reading(route: Route) {
    if route == Route::History {
        provide_context(super::history::EarlyDocs::start(
            super::screen::use_client().get(),
            use_context::<super::history::LastRead>(),
        ));
    }
}

/// The view of `route`, once its code is here. The overview is always here.
pub async fn screen(route: Route) -> Result<AnyView, CodeNotFetched> {
    match route {
        Route::Overview => Ok(view! { <super::Overview/> }.into_any()),
        Route::Members => call!(members),
        Route::History => call!(history),
        Route::Release => call!(release),
        Route::ServerLicenses => call!(server_licenses),
        Route::LicenseFile => call!(license_file),
        Route::LicenseManager => call!(license_manager),
        Route::Entitlements => call!(entitlements),
    }
}
