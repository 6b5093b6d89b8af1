"""Pictures people upload cannot take a worker's memory: checked from the header, decoded small."""

import io
import subprocess
import sys
import textwrap
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parents[2]
CHECK = textwrap.dedent(
    """
    import resource, sys
    import django, os
    os.environ["DJANGO_SETTINGS_MODULE"] = "clusters_event.settings"
    django.setup()
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile
    from common.images import decoded, validate_picture
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    upload = SimpleUploadedFile(sys.argv[1].rsplit("/", 1)[-1], open(sys.argv[1], "rb").read())
    try:
        validate_picture(upload)
        decoded(upload)
        answer = "accepted"
    except ValidationError as error:
        answer = error.code
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    print(answer, grown // 1024)
    """
)


def check_in_a_fresh_process(path: Path) -> tuple[str, int]:
    """Return the validation's answer and how many MB the process grew for it."""
    env = {"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "true", "DJANGO_ENV_FILE": ""}
    result = subprocess.run(
        [sys.executable, "-c", CHECK, str(path)],
        cwd=REPO, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    answer, megabytes = result.stdout.split()
    return answer, int(megabytes)


def test_a_tiny_file_declaring_a_huge_picture_is_refused_without_decoding_it(tmp_path):
    huge = tmp_path / "tiny.webp"
    Image.new("RGB", (16_383, 3_000), "white").save(huge, "WEBP", lossless=True)
    assert huge.stat().st_size < 50_000
    assert check_in_a_fresh_process(huge)[0] == "too_many_pixels"
    # The largest picture accepted (24 megapixels) is decoded at the renditions' size, in a
    # bounded amount of memory: a JPEG by its decoder's own scaling.
    largest = tmp_path / "camera.jpg"
    Image.new("RGB", (6_000, 4_000), "green").save(largest, "JPEG", quality=90)
    answer, grown = check_in_a_fresh_process(largest)
    assert answer == "accepted"
    assert grown < 60, f"validating and decoding took {grown} MB"


def test_decoding_reduces_what_the_renditions_do_not_need():
    from common.images import DECODE_SIDE, decoded

    buffer = io.BytesIO()
    Image.new("RGB", (5_000, 3_000), "red").save(buffer, "PNG")
    buffer.seek(0)
    picture = decoded(buffer)
    assert max(picture.size) <= 2 * DECODE_SIDE
    assert picture.getpixel((0, 0)) == (255, 0, 0)
