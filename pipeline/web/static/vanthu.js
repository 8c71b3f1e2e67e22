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
    setTimeout(poll, 600);
  };
  setTimeout(poll, 300);
});
