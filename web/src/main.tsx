import { render } from "preact";
import { App, preloadPage } from "./app";
import { applyLanguage, initialLang } from "./i18n";
import { installRouter, parseLocation } from "./router";
import "./styles.css";

async function start() {
  preloadPage(parseLocation().name);
  try {
    await applyLanguage(initialLang());
  } catch {
    await applyLanguage("vi");
  }
  installRouter();
  const root = document.getElementById("app")!;
  root.textContent = "";
  render(<App />, root);
}

void start();
