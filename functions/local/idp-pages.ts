/**
 * The pages of the local OpenID provider (functions/local/idp.ts): sign-in, sign-out, signed out, error. They are
 * served under the site's own Content-Security-Policy (no inline style, no inline script), so their look comes from
 * a stylesheet at a same-origin path (`/idp/style.css`, the portal's colours and form controls) and the one script
 * they use, the sign-out page's, from `/idp/sign-out.js`. Vietnamese first; English when the back office asked for it
 * (`ui_locales=en`).
 */

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export type IdpLang = "vi" | "en";

export const IDP_STYLESHEET_PATH = "/idp/style.css";
export const IDP_SIGN_OUT_SCRIPT_PATH = "/idp/sign-out.js";

/** The first of the request's `ui_locales` (space-separated, in order of preference) the pages speak; else Vietnamese. */
export function idpLang(uiLocales: unknown): IdpLang {
  for (const tag of typeof uiLocales === "string" ? uiLocales.split(/\s+/) : []) {
    const primary = tag.toLowerCase().split("-")[0];
    if (primary === "vi" || primary === "en") return primary;
  }
  return "vi";
}

const TEXT = {
  vi: {
    brand: "Bộ phận một cửa — Cổng dịch vụ công",
    signInTitle: "Đăng nhập cán bộ",
    username: "Tên đăng nhập",
    password: "Mật khẩu",
    signIn: "Đăng nhập",
    wrongPassword: "Tên đăng nhập hoặc mật khẩu không đúng.",
    signOutTitle: "Đăng xuất",
    signOutQuestion: "Đăng xuất tài khoản cán bộ khỏi trình duyệt này?",
    signingOut: "Đang đăng xuất…",
    signOutYes: "Đăng xuất",
    signOutNo: "Không, giữ đăng nhập",
    signedOutTitle: "Đã đăng xuất",
    signedOut: "Bạn đã đăng xuất tài khoản cán bộ.",
    backToOffice: "Về trang bộ phận một cửa",
    errorTitle: "Không đăng nhập được",
  },
  en: {
    brand: "One-stop back office — Public service portal",
    signInTitle: "Officer sign-in",
    username: "Username",
    password: "Password",
    signIn: "Sign in",
    wrongPassword: "The username or password is wrong.",
    signOutTitle: "Sign out",
    signOutQuestion: "Sign the officer account out of this browser?",
    signingOut: "Signing out…",
    signOutYes: "Sign out",
    signOutNo: "No, stay signed in",
    signedOutTitle: "Signed out",
    signedOut: "You have signed out of the officer account.",
    backToOffice: "Back to the back office",
    errorTitle: "Sign-in failed",
  },
} as const satisfies Record<IdpLang, Record<string, string>>;

export const idpText = (lang: IdpLang) => TEXT[lang];

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function page(lang: IdpLang, title: string, body: string, script?: string): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin"><link rel="icon" href="data:,">
<title>${escapeHtml(title)} — ${escapeHtml(TEXT[lang].brand)}</title>
<link rel="stylesheet" href="${IDP_STYLESHEET_PATH}">${script ? `\n<script src="${script}" defer></script>` : ""}
</head>
<body><header class="site-header"><div class="container"><span class="brand">${escapeHtml(TEXT[lang].brand)}</span></div></header>
<main class="container">
${body}
</main></body></html>`;
}

/** The sign-in form (the form's `method` before its `action`: tests/support/officer-login.ts reads it so). */
export function loginPage(lang: IdpLang, uid: string, error?: string, username = ""): string {
  const t = TEXT[lang];
  return page(
    lang,
    t.signInTitle,
    `<h1>${t.signInTitle}</h1>
${error ? `<p class="notice notice-error" role="alert" id="login-error">${escapeHtml(error)}</p>` : ""}
<form method="post" action="/idp/interaction/${escapeHtml(uid)}/login" autocomplete="on">
<div class="field"><label for="username">${t.username}</label>
<input class="input" id="username" name="username" autocomplete="username" required value="${escapeHtml(username)}"${error ? ' aria-describedby="login-error"' : ""}></div>
<div class="field"><label for="password">${t.password}</label>
<input class="input" id="password" name="password" type="password" autocomplete="current-password" required></div>
<button class="button" type="submit">${t.signIn}</button>
</form>`,
  );
}

/**
 * The provider's sign-out page around its own form (`op.logoutForm`, with its anti-forgery field). When the back
 * office sent the signed-in officer's ID token (`auto`), the page's script presses "Sign out" at once: the officer
 * already chose to sign out there. Otherwise (or without scripts) it asks.
 */
export function logoutPage(lang: IdpLang, form: string, auto: boolean): string {
  const t = TEXT[lang];
  return page(
    lang,
    t.signOutTitle,
    `<h1>${t.signOutTitle}</h1>
<p${auto ? ' class="loading" role="status"' : ""}>${auto ? t.signingOut : t.signOutQuestion}</p>
${form}
<p class="actions"><button class="button" type="submit" form="op.logoutForm" name="logout" value="yes" id="sign-out-yes"${auto ? " data-auto" : " autofocus"}>${t.signOutYes}</button>
<button class="button button-secondary" type="submit" form="op.logoutForm">${t.signOutNo}</button></p>`,
    auto ? IDP_SIGN_OUT_SCRIPT_PATH : undefined,
  );
}

/** After a sign-out that named no page to go back to. */
export function signedOutPage(lang: IdpLang): string {
  const t = TEXT[lang];
  return page(lang, t.signedOutTitle, `<h1>${t.signedOutTitle}</h1>\n<p>${t.signedOut}</p>\n<p><a href="/officer/${lang === "en" ? "?lang=en" : ""}">${t.backToOffice}</a></p>`);
}

export function errorPage(lang: IdpLang, detail: string): string {
  const t = TEXT[lang];
  return page(lang, t.errorTitle, `<h1>${t.errorTitle}</h1>\n<p class="notice notice-error">${escapeHtml(detail)}</p>\n<p><a href="/officer/">${t.backToOffice}</a></p>`);
}

/** Presses the sign-out page's "Sign out" when the page says so (`data-auto`). */
export const IDP_SIGN_OUT_SCRIPT = `document.querySelector("#sign-out-yes[data-auto]")?.click();\n`;

/**
 * The provider's pages in the portal's house style: the web's own stylesheet (web/src/styles.css, one source for its
 * colours, type and form controls), with the sign-in form's narrow column. Read once, when the provider is mounted.
 */
export function idpStylesheet(): string {
  const web = readFileSync(fileURLToPath(new URL("../../web/src/styles.css", import.meta.url)), "utf8");
  return `${web}\n/* the provider's pages: one narrow column under the full-width header */\n.container{max-width:28rem}\n.site-header .container{max-width:60rem;padding-top:.8rem;padding-bottom:.8rem}\n`;
}
