"""Benchmark: accept one 24-megapixel JPEG, then build all its renditions.

    .venv/bin/python bench/photo_upload.py [--runs 3]

Prints, for a fresh process, the upload's wall time (validation, full decode, metadata
read, stripping, master written, row saved, renditions job queued: what the editor waits
for), then the renditions job's wall time (what a worker does next, run in the same
process), and the process's peak RSS. Targets on the 2-core dev box: upload under 1 s,
renditions under 2 s, under 300 MB. Figures are printed, not asserted: the machine is
shared, so timings vary.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDTH, HEIGHT = 6000, 4000  # 24 MP, a typical DSLR frame


def make_photo(path):
    """A photo-like 24 MP JPEG (smooth gradients plus fine grain, ~10 MB at quality 92)
    with EXIF orientation and a GPS block, so the stripping path is exercised too."""
    from PIL import Image, ImageFilter

    base = Image.merge(
        "RGB",
        [
            Image.linear_gradient("L").resize((WIDTH, HEIGHT)),
            Image.radial_gradient("L").resize((WIDTH, HEIGHT)),
            Image.linear_gradient("L").rotate(90).resize((WIDTH, HEIGHT)),
        ],
    )
    texture = (
        Image.effect_noise((WIDTH // 8, HEIGHT // 8), 60)
        .resize((WIDTH, HEIGHT))
        .filter(ImageFilter.GaussianBlur(2))
    )
    grain = Image.effect_noise((WIDTH, HEIGHT), 18)
    image = Image.blend(base, Image.merge("RGB", [texture, grain, texture]), 0.35)
    exif = Image.Exif()
    exif[0x0112] = 1
    exif[0x010F] = "BenchCam"
    exif.get_ifd(0x8825)[2] = (37.0, 33.0, 58.0)
    image.save(path, "JPEG", quality=92, exif=exif)


def measure(path):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from photos import tasks, uploads

    data = Path(path).read_bytes()
    upload = SimpleUploadedFile("bench.jpg", data, content_type="image/jpeg")
    del data
    before = _high_water_mb()
    started = time.perf_counter()
    # Every run uploads the same bytes: let the duplicate check pass them.
    result = uploads.accept(upload, allow_duplicate=True)
    elapsed = time.perf_counter() - started
    assert result.photo is not None, result.errors
    started = time.perf_counter()
    tasks.build_renditions(result.photo.pk)
    rendering = time.perf_counter() - started
    peak = _high_water_mb()
    count = result.photo.renditions.count()
    print(f"{elapsed:.2f} {rendering:.2f} {peak:.0f} {before:.0f} {count}")


def _high_water_mb():
    """Peak RSS of this process image. (ru_maxrss would include the parent's peak: Linux
    carries it across fork+exec.)"""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure)
        return
    with tempfile.TemporaryDirectory(prefix="photo-bench-") as tmp:
        photo = Path(tmp) / "24mp.jpg"
        make_photo(photo)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "newsroom.settings.test",
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            # The upload queues its renditions job; measure() then runs it.
            "TASK_SYNC": "0",
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
        size = photo.stat().st_size / 1048576
        print(f"Upload: {WIDTH}x{HEIGHT} JPEG ({WIDTH * HEIGHT / 1e6:.0f} MP, {size:.1f} MB)")
        for run in range(1, args.runs + 1):
            out = subprocess.run(
                [sys.executable, __file__, "--measure", str(photo)],
                env=env,
                check=True,
                cwd=ROOT,
                capture_output=True,
                text=True,
            ).stdout.split()
            seconds, rendering, peak, baseline, count = out[-5:]
            print(
                f"run {run}: upload {seconds} s, renditions job {rendering} s ({count}), "
                f"peak RSS {peak} MB (process baseline {baseline} MB)   "
                "[target: upload < 1 s, renditions < 2 s, < 300 MB]"
            )


if __name__ == "__main__":
    main()
