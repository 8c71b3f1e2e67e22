// Progress of long work: poll the job's JSON and show the results when it is done (no build step).
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("viec");
  if (!box || box.dataset.state !== "dang-chay") return;
  const bar = document.getElementById("tien-do");
  const step = document.getElementById("buoc");
  const poll = async () => {
    try {
      const response = await fetch(box.dataset.url, { credentials: "same-origin" });
      const job = await response.json();
      bar.max = job.tong || 1;
      bar.value = job.xong;
      step.textContent = job.buoc || "Đang làm…";
      if (job.trang_thai !== "dang-chay") { location.reload(); return; }
    } catch (error) {
      step.textContent = "Mất kết nối với vanthu; đang thử lại…";
    }
    setTimeout(poll, 250);  // a warm preview takes about a second: shown as soon as it is there
  };
  setTimeout(poll, 150);
});

// The editor posts the whole form for every button: come back to the same place on the page,
// unless the page puts the cursor somewhere (a block just added or moved).
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("sua");
  if (!form) return;
  const key = "vanthu-cuon:" + location.pathname;
  const saved = sessionStorage.getItem(key);
  sessionStorage.removeItem(key);
  const focused = document.querySelector("[autofocus]");
  if (focused) focused.scrollIntoView({ block: "center" });
  else if (saved) window.scrollTo(0, Number(saved));
  form.addEventListener("submit", () => sessionStorage.setItem(key, String(window.scrollY)));
});

// The ward box offers the wards of the province as soon as one is chosen (without scripts, the fill
// button's round trip offers them).
document.addEventListener("DOMContentLoaded", () => {
  const tinh = document.getElementById("tinh");
  const list = document.getElementById("ds-xa");
  if (!tinh || !list || !tinh.dataset.xa) return;
  tinh.addEventListener("change", async () => {
    try {
      const response = await fetch(tinh.dataset.xa + "?tinh=" + encodeURIComponent(tinh.value), { credentials: "same-origin" });
      const found = await response.json();
      list.replaceChildren(...found.xa.map((name) => Object.assign(document.createElement("option"), { value: name })));
    } catch (error) {
      // the list stays as it was: the fill button still offers the wards
    }
  });
});

// The file picker in Vietnamese whatever the browser's language: the native box says «Choose File»
// in an English browser. The input stays (labelled, focusable, what a screen reader announces); what
// is seen is a button-like span that opens it and the names chosen. Without scripts: the native box.
document.addEventListener("DOMContentLoaded", () => {
  for (const input of document.querySelectorAll("input[type=file]")) {
    const shown = document.createElement("span");
    shown.className = "chon-tep";
    shown.setAttribute("aria-hidden", "true");
    const button = Object.assign(document.createElement("span"), { className: "nut-tep", textContent: "Chọn tệp…" });
    const names = Object.assign(document.createElement("span"), { className: "ten-tep", textContent: "Chưa chọn tệp" });
    shown.append(button, names);
    input.classList.add("tep-an");
    input.after(shown);
    shown.addEventListener("click", () => input.click());
    input.addEventListener("change", () => {
      names.textContent = [...input.files].map((f) => f.name).join(", ") || "Chưa chọn tệp";
    });
  }
});
