//! The browser entry: starts the editor in the page's `#the_canvas_id` canvas and turns start-up failures and
//! panics into the page's `#error_text` message (`wasm/index.html` guards the loading of the wasm itself). The
//! page's address can ask for review mode (`?mode=review`) and carry a share link (`#d=...`).

mod hook;

use eframe::wasm_bindgen::{JsCast as _, JsValue};

/// Starts the app; called from `main` on wasm32.
pub fn start() {
    eframe::WebLogger::init(log::LevelFilter::Warn).ok();
    // The runner installs eframe's panic hook (message and stack to the console); ours runs after it and also tells
    // the person looking at the page, whose canvas would otherwise just freeze.
    let runner = eframe::WebRunner::new();
    show_panics_on_the_page();
    wasm_bindgen_futures::spawn_local(async move {
        install_fetched_font().await;
        let Some(canvas) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("the_canvas_id"))
            .and_then(|element| element.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        else {
            show_error("trustmap could not start: the page has no canvas with the id \"the_canvas_id\".");
            return;
        };
        let result = runner
            .start(
                canvas,
                eframe::WebOptions::default(),
                Box::new(|cc| {
                    hook::install(&cc.egui_ctx);
                    super::install_fonts(&cc.egui_ctx);
                    let (review, share) = page_request();
                    Ok(Box::new(super::App::new(super::Options {
                        file: None,
                        recovery_dir: super::files::Files::default_recovery_dir(),
                        review,
                        share,
                    })))
                }),
            )
            .await;
        match result {
            Ok(()) => {
                if let Some(loading) = element("loading_text") {
                    loading.remove();
                }
            }
            Err(error) => show_error(&format!("trustmap could not start: {}", describe(&error))),
        }
    });
}

/// Waits for the font `index.html` started fetching beside the wasm (the promise `window.trustmapFont`, an
/// `ArrayBuffer`) and installs it before anything measures text. Without it the app still runs, with egui's fonts
/// and default text metrics, so a failed fetch is a warning, not an error.
async fn install_fetched_font() {
    let Some(window) = web_sys::window() else { return };
    let fetched = match js_sys::Reflect::get(&window, &JsValue::from_str("trustmapFont")) {
        Ok(promise) if promise.is_instance_of::<js_sys::Promise>() => {
            wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise)).await
        }
        _ => Err(JsValue::from_str("the page did not fetch it (no window.trustmapFont)")),
    };
    match fetched {
        Ok(buffer) if buffer.is_instance_of::<js_sys::ArrayBuffer>() => {
            crate::assets::set_font(js_sys::Uint8Array::new(&buffer).to_vec());
        }
        Ok(_) => log::warn!("trustmap: the font did not arrive as an ArrayBuffer; using default fonts"),
        Err(error) => log::warn!("trustmap: could not load the font ({}); using default fonts", describe(&error)),
    }
}

/// What the page's address asks for: review mode (`?mode=review`) and a share link's fragment (`#d=...`).
fn page_request() -> (bool, Option<String>) {
    let Some(location) = web_sys::window().map(|w| w.location()) else { return (false, None) };
    let query = location.search().unwrap_or_default();
    let review = query.trim_start_matches('?').split('&').any(|pair| pair == "mode=review");
    let hash = location.hash().unwrap_or_default();
    let share = crate::io::share::is_link(&hash).then_some(hash);
    (review, share)
}

/// Chains a panic hook after the current one that shows the panic message on the page.
fn show_panics_on_the_page() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        previous(info);
        show_error(&format!(
            "trustmap stopped because of an internal error. Reload the page to start again; the browser console \
             has the details.\n\n{info}"
        ));
    }));
}

/// Replaces the loading text with `message` in the page's `#error_text` element.
fn show_error(message: &str) {
    if let Some(loading) = element("loading_text") {
        loading.remove();
    }
    if let Some(error) = element("error_text") {
        error.set_text_content(Some(message));
        error.remove_attribute("hidden").ok();
    }
}

fn element(id: &str) -> Option<web_sys::Element> {
    web_sys::window()?.document()?.get_element_by_id(id)
}

fn describe(error: &JsValue) -> String {
    error.as_string().unwrap_or_else(|| format!("{error:?}"))
}
