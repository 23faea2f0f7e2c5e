//! The editor's file edge: open and save dialogs, reads and atomic writes off the UI thread (results come back as
//! [`FileEvent`]s polled each frame), the recent-files list, and the recovery file that autosave writes within
//! about two seconds of an edit and the next start offers back. This is the only UI module that touches files;
//! in the browser, picking a file goes through rfd's async dialog (an `<input type=file>`), Save and Export
//! start Blob downloads and autosave keeps its copy in local storage.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

/// How long after the last edit autosave writes the recovery file, in seconds.
pub const AUTOSAVE_AFTER: f64 = 2.0;
/// How many recent files are kept.
const RECENT: usize = 10;

/// What a background file operation produced.
#[derive(Debug)]
pub enum FileEvent {
    /// A file was read.
    Read {
        /// Where from (for the browser: its name).
        path: PathBuf,
        /// Its bytes.
        bytes: Vec<u8>,
    },
    /// The user chose where to save.
    SaveTo(PathBuf),
    /// A save finished.
    Saved(PathBuf),
    /// The user closed the save dialog without choosing a file.
    #[cfg_attr(target_arch = "wasm32", expect(dead_code, reason = "the browser saves by download: no dialog to close"))]
    SaveCancelled,
    /// An export finished.
    Exported(PathBuf),
    /// Something failed; the message says what and where.
    Failed(String),
}

/// The file edge's state.
pub struct Files {
    tx: Sender<FileEvent>,
    rx: Receiver<FileEvent>,
    /// Most recent first.
    pub recent: Vec<PathBuf>,
    /// Where the recovery file goes (`None`: no autosave, as in tests and the browser).
    recovery_dir: Option<PathBuf>,
    /// When the document last changed (egui time) and the stamp it changed to.
    changed: Option<(f64, (u64, u64))>,
    /// The stamp the recovery file holds.
    written: Option<(u64, u64)>,
    /// Autosave is off for this session (a recovery file is kept for later and must not be overwritten).
    paused: bool,
    /// Whether the store refused a write this session (said once, not after every edit).
    #[cfg(target_arch = "wasm32")]
    store_failed: bool,
    /// A message shown until dismissed.
    pub notice: Option<String>,
}

impl Files {
    /// Sets up the file edge; autosave writes into `recovery_dir` when given.
    pub fn new(recovery_dir: Option<PathBuf>) -> Self {
        let (tx, rx) = channel();
        Self {
            tx,
            rx,
            recent: Vec::new(),
            recovery_dir,
            changed: None,
            written: None,
            paused: false,
            #[cfg(target_arch = "wasm32")]
            store_failed: false,
            notice: None,
        }
    }

    /// What finished since the last frame.
    pub fn poll(&self) -> Vec<FileEvent> {
        self.rx.try_iter().collect()
    }

    /// Remembers a file as recently used.
    pub fn remember(&mut self, path: PathBuf) {
        self.recent.retain(|p| *p != path);
        self.recent.insert(0, path);
        self.recent.truncate(RECENT);
    }

    /// Stops autosave for this session, keeping the recovery copy there is as it is.
    pub fn pause_autosave(&mut self) {
        self.paused = true;
    }

    /// The default recovery folder: the app's data folder.
    pub fn default_recovery_dir() -> Option<PathBuf> {
        #[cfg(not(target_arch = "wasm32"))]
        {
            eframe::storage_dir("trustmap")
        }
        #[cfg(target_arch = "wasm32")]
        {
            // Any value turns autosave on; the browser keeps the recovery copy in its local storage.
            Some(PathBuf::from("local-storage"))
        }
    }
}

impl Files {
    /// Writes the document to the recovery store once it has been unchanged for [`AUTOSAVE_AFTER`] seconds;
    /// clears the store when the document is saved. `now` is egui's clock; `text` gives the document's JSON and
    /// where it came from.
    pub fn autosave(
        &mut self,
        ctx: &egui::Context,
        now: f64,
        stamp: (u64, u64),
        dirty: bool,
        text: impl FnOnce() -> (String, String),
    ) {
        if self.paused || !self.has_recovery_store() {
            return;
        }
        if !dirty {
            if self.written.is_some() {
                self.drop_recovery();
            }
            self.changed = None;
            return;
        }
        if self.changed.is_none_or(|(_, s)| s != stamp) {
            self.changed = Some((now, stamp));
        }
        let Some((at, _)) = self.changed else { return };
        if self.written == Some(stamp) {
            return;
        }
        if now - at < AUTOSAVE_AFTER {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(AUTOSAVE_AFTER - (now - at) + 0.05));
            return;
        }
        self.written = Some(stamp);
        let (json, source) = text();
        self.store_recovery(ctx, json, source);
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Files {
    fn spawn(&self, ctx: &egui::Context, work: impl FnOnce() -> Option<FileEvent> + Send + 'static) {
        let tx = self.tx.clone();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            if let Some(event) = work() {
                let _ = tx.send(event);
                ctx.request_repaint();
            }
        });
    }

    /// Asks for a file to open and reads it.
    pub fn pick_open(&self, ctx: &egui::Context) {
        self.spawn(ctx, || {
            let path = rfd::FileDialog::new()
                .set_title("Open a trustmap diagram")
                .add_filter(
                    "trustmap diagram, exported picture, Threat Dragon or Threagile model, CloudFormation / SAM template, Terraform plan",
                    &["json", "svg", "png", "yaml", "yml", "template"],
                )
                .add_filter("any file", &["*"])
                .pick_file()?;
            Some(read_event(path))
        });
    }

    /// Reads a file.
    pub fn read(&self, ctx: &egui::Context, path: PathBuf) {
        self.spawn(ctx, move || Some(read_event(path)));
    }

    /// Reads a file dropped on the window: by its path, or from its bytes when it has none.
    pub fn read_dropped(&self, ctx: &egui::Context, file: egui::DroppedFileHandle) {
        self.spawn(ctx, move || {
            let path = file.path().to_path_buf();
            if !path.as_os_str().is_empty() {
                return Some(read_event(path));
            }
            Some(match file.bytes() {
                Ok(bytes) => FileEvent::Read { path: PathBuf::from("dropped file"), bytes },
                Err(why) => FileEvent::Failed(format!("cannot read the dropped file: {why}")),
            })
        });
    }

    /// Asks where to save, suggesting `name`.
    pub fn pick_save(&self, ctx: &egui::Context, name: String) {
        self.spawn(ctx, move || {
            let path = rfd::FileDialog::new()
                .set_title("Save the diagram")
                .add_filter("trustmap diagram", &["json"])
                .set_file_name(name)
                .save_file();
            Some(path.map_or(FileEvent::SaveCancelled, FileEvent::SaveTo))
        });
    }

    /// Asks where to export with the system's dialog and writes the output there.
    pub fn pick_export(&self, ctx: &egui::Context, name: String, output: crate::ui::export_dialog::Output) {
        self.spawn(ctx, move || {
            let path = rfd::FileDialog::new()
                .set_title("Export")
                .add_filter(output.extension, &[output.extension])
                .set_file_name(name)
                .save_file()?;
            Some(export_event(path, &output))
        });
    }

    /// Writes an export to `path` (and the picture beside a Markdown report).
    pub fn write_export(&self, ctx: &egui::Context, path: PathBuf, output: crate::ui::export_dialog::Output) {
        self.spawn(ctx, move || Some(export_event(path, &output)));
    }

    /// Writes `text` to `path` atomically.
    pub fn write(&self, ctx: &egui::Context, path: PathBuf, text: String) {
        self.spawn(ctx, move || {
            Some(match crate::io::fs::write_atomic(&path, text.as_bytes()) {
                Ok(()) => FileEvent::Saved(path),
                Err(error) => FileEvent::Failed(format!("cannot save {}: {error}", path.display())),
            })
        });
    }

    fn has_recovery_store(&self) -> bool {
        self.recovery_dir.is_some()
    }

    fn recovery_paths(&self) -> Option<(PathBuf, PathBuf)> {
        let dir = self.recovery_dir.as_ref()?;
        Some((dir.join("recovery.trustmap.json"), dir.join("recovery-source.txt")))
    }

    fn store_recovery(&mut self, ctx: &egui::Context, json: String, source: String) {
        let Some((file, source_file)) = self.recovery_paths() else { return };
        self.spawn(ctx, move || {
            if let Some(dir) = file.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let result = crate::io::fs::write_atomic(&file, json.as_bytes())
                .and_then(|()| crate::io::fs::write_atomic(&source_file, source.as_bytes()));
            result.err().map(|error| FileEvent::Failed(format!("autosave to {} failed: {error}", file.display())))
        });
    }

    /// A recovery file left by a session that did not end cleanly: its text and where the document came from.
    pub fn pending_recovery(&self) -> Option<(String, String)> {
        let (file, source_file) = self.recovery_paths()?;
        let text = std::fs::read_to_string(file).ok()?;
        let source = std::fs::read_to_string(source_file).unwrap_or_default();
        Some((text, source))
    }

    /// Forgets the recovery file (the user recovered or discarded it).
    pub fn drop_recovery(&mut self) {
        if self.paused {
            // Kept for later: nothing this session may remove it.
            return;
        }
        if let Some((file, source_file)) = self.recovery_paths() {
            let _ = std::fs::remove_file(file);
            let _ = std::fs::remove_file(source_file);
        }
        self.written = None;
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn export_event(path: PathBuf, output: &crate::ui::export_dialog::Output) -> FileEvent {
    let path = if path.extension().is_none() { path.with_extension(output.extension) } else { path };
    let mut result = crate::io::fs::write_atomic(&path, &output.bytes);
    if let (Ok(()), Some((name, bytes))) = (&result, &output.beside) {
        result = crate::io::fs::write_atomic(&path.with_file_name(name), bytes);
    }
    match result {
        Ok(()) => FileEvent::Exported(path),
        Err(error) => FileEvent::Failed(format!("cannot export to {}: {error}", path.display())),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn read_event(path: PathBuf) -> FileEvent {
    match crate::io::fs::read_limited(&path) {
        Ok(bytes) => FileEvent::Read { path, bytes },
        Err(error) => FileEvent::Failed(format!("cannot read {}: {error}", path.display())),
    }
}

#[cfg(target_arch = "wasm32")]
impl Files {
    /// Asks for a file to open and reads it.
    pub fn pick_open(&self, ctx: &egui::Context) {
        let tx = self.tx.clone();
        let ctx = ctx.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let Some(file) = rfd::AsyncFileDialog::new()
                .add_filter(
                    "trustmap diagram, exported picture, Threat Dragon or Threagile model, CloudFormation / SAM template, Terraform plan",
                    &["json", "svg", "png", "yaml", "yml", "template"],
                )
                .pick_file()
                .await
            else {
                return;
            };
            let bytes = file.read().await;
            let _ = tx.send(FileEvent::Read { path: PathBuf::from(file.file_name()), bytes });
            ctx.request_repaint();
        });
    }

    /// Reads a file dropped on the page (the browser hands over its name and, asynchronously, its bytes).
    pub fn read_dropped(&self, ctx: &egui::Context, file: egui::DroppedFileHandle) {
        let tx = self.tx.clone();
        let ctx = ctx.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let path = file.path().to_path_buf();
            let event = match file.bytes_async().await {
                Ok(bytes) if bytes.len() > crate::io::MAX_FILE_BYTES => {
                    FileEvent::Failed(format!("{} is larger than 64 MiB", path.display()))
                }
                Ok(bytes) => FileEvent::Read { path, bytes },
                Err(why) => FileEvent::Failed(format!("cannot read {}: {why}", path.display())),
            };
            let _ = tx.send(event);
            ctx.request_repaint();
        });
    }

    /// Reading by path is not possible in the browser.
    #[expect(
        clippy::needless_pass_by_value,
        reason = "the same signature as on native, which moves the values into a thread"
    )]
    pub fn read(&self, _ctx: &egui::Context, path: PathBuf) {
        let _ = self.tx.send(FileEvent::Failed(format!("the browser cannot open {} by path", path.display())));
    }

    /// In the browser there is no folder to pick: saving downloads the file under `name`.
    pub fn pick_save(&self, _ctx: &egui::Context, name: String) {
        let _ = self.tx.send(FileEvent::SaveTo(PathBuf::from(name)));
    }

    /// Starts downloads of the export (and of the picture beside a Markdown report).
    #[expect(
        clippy::needless_pass_by_value,
        reason = "the same signature as on native, which moves the output into a thread"
    )]
    pub fn pick_export(&self, ctx: &egui::Context, name: String, output: crate::ui::export_dialog::Output) {
        let name = std::path::Path::new(&name).with_extension(output.extension).display().to_string();
        let mut result = download_bytes(&name, &output.bytes);
        if let (Ok(()), Some((beside, bytes))) = (&result, &output.beside) {
            result = download_bytes(beside, bytes);
        }
        let _ = self.tx.send(match result {
            Ok(()) => FileEvent::Exported(PathBuf::from(&name)),
            Err(why) => FileEvent::Failed(format!("cannot download {name}: {why}")),
        });
        ctx.request_repaint();
    }

    /// Starts a download of `text` named after `path`.
    #[expect(
        clippy::needless_pass_by_value,
        reason = "the same signature as on native, which moves the values into a thread"
    )]
    pub fn write(&self, ctx: &egui::Context, path: PathBuf, text: String) {
        let name = path.file_name().map_or_else(|| "diagram.json".to_owned(), |n| n.to_string_lossy().into_owned());
        let event = match download(&name, &text) {
            Ok(()) => FileEvent::Saved(path),
            Err(why) => FileEvent::Failed(format!("cannot download {name}: {why}")),
        };
        let _ = self.tx.send(event);
        ctx.request_repaint();
    }

    fn has_recovery_store(&self) -> bool {
        self.recovery_dir.is_some() && local_storage().is_some()
    }

    #[expect(
        clippy::needless_pass_by_value,
        reason = "the same signature as on native, which moves the values into a thread"
    )]
    fn store_recovery(&mut self, _ctx: &egui::Context, json: String, source: String) {
        let stored = local_storage().ok_or(()).and_then(|s| {
            s.set_item(RECOVERY_KEY, &json).and_then(|()| s.set_item(SOURCE_KEY, &source)).map_err(|_| ())
        });
        match stored {
            Ok(()) => self.store_failed = false,
            Err(()) if !self.store_failed => {
                self.store_failed = true;
                self.notice = Some(
                    "The browser's storage is full (or blocked), so autosave cannot keep this diagram. Save it \
                     (File > Save downloads it) or make room in the site's storage."
                        .to_owned(),
                );
            }
            Err(()) => {}
        }
    }

    /// A document autosaved by a page that was closed with unsaved changes.
    pub fn pending_recovery(&self) -> Option<(String, String)> {
        let storage = local_storage()?;
        let text = storage.get_item(RECOVERY_KEY).ok()??;
        let source = storage.get_item(SOURCE_KEY).ok().flatten().unwrap_or_default();
        Some((text, source))
    }

    /// Forgets the autosaved document.
    pub fn drop_recovery(&mut self) {
        if self.paused {
            // Kept for later: nothing this session may remove it.
            return;
        }
        if let Some(storage) = local_storage() {
            let _ = storage.remove_item(RECOVERY_KEY);
            let _ = storage.remove_item(SOURCE_KEY);
        }
        self.written = None;
    }
}

#[cfg(target_arch = "wasm32")]
const RECOVERY_KEY: &str = "trustmap-recovery";
#[cfg(target_arch = "wasm32")]
const SOURCE_KEY: &str = "trustmap-recovery-source";

#[cfg(target_arch = "wasm32")]
fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Offers `text` as a file download named `name`.
#[cfg(target_arch = "wasm32")]
fn download(name: &str, text: &str) -> Result<(), String> {
    download_bytes(name, text.as_bytes())
}

/// Offers `bytes` as a file download named `name` (a Blob URL on a temporary link).
#[cfg(target_arch = "wasm32")]
fn download_bytes(name: &str, bytes: &[u8]) -> Result<(), String> {
    use eframe::wasm_bindgen::JsCast as _;
    let describe = |e: eframe::wasm_bindgen::JsValue| e.as_string().unwrap_or_else(|| format!("{e:?}"));
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/octet-stream");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(describe)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(describe)?;
    let link = document
        .create_element("a")
        .map_err(describe)?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .map_err(|_| "not a link")?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    web_sys::Url::revoke_object_url(&url).map_err(describe)?;
    Ok(())
}

/// Opens the bytes of a Threat Dragon or Threagile model, a CloudFormation / SAM template or a Terraform plan by
/// importing it (File > Open, File > Import..., a dropped file, in the browser too; told from the content, never
/// the file name); `None` when the bytes do not look like one, so the caller opens them as a trustmap document. On
/// the desktop a template's nested stacks are read from the folder of `path` (small local files, read at once); the
/// browser has no folder to read them from, so the report names them instead.
pub fn import_foreign(
    path: &std::path::Path,
    bytes: &[u8],
) -> Option<Result<crate::import::Imported, Vec<crate::model::problem::Problem>>> {
    if !crate::import::looks_foreign(bytes) {
        return None;
    }
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(folder) = path.parent().filter(|_| path.is_file()) {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let mut read = |relative: &str| crate::io::fs::read_limited(&folder.join(relative)).map_err(|e| e.to_string());
        return Some(crate::import::import_with(bytes, &name, Some(&mut read)));
    }
    let _ = path;
    Some(crate::import::import_bytes(bytes))
}

/// The import report after an import, until closed: the summary, then every line by outcome.
pub fn import_report_window(ctx: &egui::Context, shown: &mut Option<(String, crate::import::ImportReport)>) {
    let Some((title, report)) = shown.as_ref() else { return };
    let mut keep = true;
    egui::Window::new(format!("Imported {title}")).collapsible(false).default_width(760.0).show(ctx, |ui| {
        ui.label(egui::RichText::new(report.summary()).strong());
        ui.label("The imported diagram is not saved yet: Save as writes it as a trustmap file.");
        egui::ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
            ui.label(egui::RichText::new(report.details()).monospace());
        });
        if ui.button("OK").clicked() {
            keep = false;
        }
    });
    if !keep {
        *shown = None;
    }
}
