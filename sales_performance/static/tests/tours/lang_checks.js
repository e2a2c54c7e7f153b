/** @odoo-module **/
// Tour steps asserting that a page reads in its user's language (issue 23):
// no English word on a Chinese user's page, no Chinese on an English user's
// page, the names of people and what users typed aside.

function pageText(selector) {
    return [...document.querySelectorAll(selector)].map((el) => el.innerText).join("\n");
}

// File formats are written the same in every language.
const FILE_FORMATS = [".html", "HTML", ".pdf", "PDF", ".xlsx", "XLSX"];

function without(text, allowed) {
    let rest = text;
    for (const word of [...allowed, ...FILE_FORMATS]) {
        rest = rest.split(word).join(" ");
    }
    return rest;
}

/**
 * @param {string} lang "zh_CN" or "en_US"
 * @param {Object} [options]
 * @param {string[]} [options.allow] names and typed texts that may read otherwise
 * @param {string} [options.selector] the part of the page to read
 * @param {string} [options.content] what the step says
 */
export function readsIn(lang, {allow = [], selector = ".o_action_manager", content} = {}) {
    return {
        content: content || `The page reads in ${lang}`,
        trigger: selector,
        run() {
            const pattern =
                lang === "zh_CN"
                    ? /[A-Za-z]{3,}/g
                    : /[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]+/g;
            const lines = without(pageText(selector), allow)
                .split("\n")
                .filter((line) => line.match(pattern));
            if (lines.length) {
                throw new Error(`Not in ${lang} on this page: ${lines.join(" | ")}`);
            }
        },
    };
}
