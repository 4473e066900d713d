/**
 * The layout faults a first user met (issue 14, item 6), measured in the page: the page scrolling sideways, a chart
 * label clipped by its drawing, a split tree wider than its box without a way to fit it (or at 1280 px not fitting
 * at all), a date field in the browser's order instead of the page's, English words left on a Chinese page.
 */
import type { Page } from 'playwright-core';

export async function layoutFaults(page: Page, p: { wide: boolean; chinese: boolean }): Promise<string[]> {
  return page.evaluate(({ wide, chinese }) => {
    const faults: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth + 1) faults.push(`the page scrolls sideways (${doc.scrollWidth} > ${doc.clientWidth} px)`);
    for (const svg of document.querySelectorAll('svg[data-testid="share-bars"]')) {
      const box = svg.getBoundingClientRect();
      for (const text of svg.querySelectorAll('text.share-name, text.share-value')) {
        const r = text.getBoundingClientRect();
        if (r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1)) faults.push(`a bar label is clipped: "${text.textContent}"`);
      }
    }
    const tree = document.querySelector('svg[data-testid="split-tree"]');
    if (tree) {
      const width = tree.getBoundingClientRect().width;
      const room = tree.parentElement!.clientWidth;
      const fitButton = document.querySelector('.tree-tools button[aria-pressed]');
      if (wide && width > room + 1) faults.push(`the split tree does not fit 1280 px (${Math.round(width)} > ${room} px)`);
      if (!wide && width > room + 1 && !fitButton) faults.push('the split tree is wider than its box and offers no fit');
    }
    if (document.querySelector('input[type="date"]')) faults.push('a date field follows the browser’s order, not the page’s');
    if (chinese) {
      const main = document.querySelector('main')?.innerText ?? '';
      const english = main.match(/\b(ok|block|behind|accepted|submitted|Database|Indexer|Chain|Transactions|Outstanding|Overdue|Previous|Next|Search)\b/g);
      if (english) faults.push(`English words on the Chinese page: ${[...new Set(english)].join(', ')}`);
    }
    return faults;
  }, p);
}
