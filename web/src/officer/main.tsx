import { render } from "preact";
import { App } from "./app";
import { applyLanguage, initialLang } from "./i18n";
import "../styles.css";
import "./officer.css";

async function start() {
  try {
    await applyLanguage(initialLang());
  } catch {
    await applyLanguage("vi");
  }
  const root = document.getElementById("app")!;
  root.textContent = "";
  render(<App />, root);
}

void start();
