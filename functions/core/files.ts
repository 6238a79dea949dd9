/**
 * The names files are downloaded under. (The file storage port, `FileStore`, is in core/ports.ts with the others.)
 */

/** The extensions a downloaded file of each accepted media type may end with; the first is the one added. */
export const EXTENSIONS_OF: Record<string, readonly string[]> = {
  "application/pdf": [".pdf"],
  "image/jpeg": [".jpg", ".jpeg"],
  "image/png": [".png"],
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": [".docx"],
};

/**
 * The name a file is downloaded under: the uploader's name, ending with an extension of its media type. The
 * browser saves, and the operating system opens, a file by its last extension: `hoa-don.pdf.exe` declared (and
 * checked) as a PDF must not land on an officer's desktop as a program, nor `report.html` as a web page.
 *
 * The right extension is appended (`hoa-don.pdf.exe` → `hoa-don.pdf.exe.pdf`) rather than put in place of the last
 * one (`hoa-don.pdf`): nothing the citizen wrote is taken away, so an officer still sees that the name was odd, and
 * two files never collapse onto one name. A name that already ends right is kept as it is. Trailing dots and
 * spaces go first, since Windows drops them when saving (`x.exe.` would be saved as `x.exe`). Throws nothing.
 */
export function downloadFileName(fileName: string, mediaType: string): string {
  const extensions = EXTENSIONS_OF[mediaType];
  const name = fileName.replace(/[.\s]+$/u, "") || "tep";
  if (!extensions) return name;
  const lower = name.toLowerCase();
  return extensions.some((extension) => lower.endsWith(extension)) ? name : `${name}${extensions[0]}`;
}
