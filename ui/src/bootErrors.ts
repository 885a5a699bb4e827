// Imported first by main.tsx: if anything fails before React can show its own error screen
// (a module throwing at load, a crash during the first render), the window says so instead of
// staying blank.
function showFatal(message: string): void {
  const root = document.getElementById('root');
  if (!root || root.childElementCount > 0) return;
  const box = document.createElement('pre');
  box.setAttribute('data-testid', 'fatal-error');
  box.style.cssText =
    'margin:48px;padding:24px;border-radius:8px;background:#fff5f5;color:#c92a2a;font:14px/1.5 system-ui,sans-serif;white-space:pre-wrap';
  box.textContent = `Quotla could not start.\n\n${message}`;
  root.replaceChildren(box);
}

window.addEventListener('error', (event) => {
  showFatal(
    event.error instanceof Error ? (event.error.stack ?? event.error.message) : event.message,
  );
});
window.addEventListener('unhandledrejection', (event) => {
  const reason: unknown = event.reason;
  showFatal(reason instanceof Error ? (reason.stack ?? reason.message) : String(reason));
});
