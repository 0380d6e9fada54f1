() => {
  // "[n]" in an answer links to source card n: scroll to it here instead of opening a tab.
  document.addEventListener("click", (event) => {
    const link = event.target.closest('a[href^="#source-"]');
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const card = document.getElementById(link.getAttribute("href").slice(1));
    if (card) card.scrollIntoView({ behavior: "smooth", block: "center" });
  }, true);
}
