//! The browser entry: starts the editor in the page's `#the_canvas_id` canvas.

use eframe::wasm_bindgen::JsCast as _;

/// Starts the app; called from `main` on wasm32.
pub fn start() {
    eframe::WebLogger::init(log::LevelFilter::Warn).ok();
    wasm_bindgen_futures::spawn_local(async {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        let Some(canvas) = document
            .get_element_by_id("the_canvas_id")
            .and_then(|element| element.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        else {
            return;
        };
        let result = eframe::WebRunner::new()
            .start(canvas, eframe::WebOptions::default(), Box::new(|_cc| Ok(Box::new(super::App::with_sample(0)))))
            .await;
        if let Some(loading) = document.get_element_by_id("loading_text") {
            match result {
                Ok(()) => loading.remove(),
                Err(error) => loading.set_inner_html(&format!("trustmap could not start: {error:?}")),
            }
        }
    });
}
