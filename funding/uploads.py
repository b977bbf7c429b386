"""Checks of an uploaded application piece: common/uploads.py, refused as a FundingError."""

from common.uploads import OFFICE, UploadRefused
from common.uploads import check_upload as check_file
from funding.errors import FundingError


def check_upload(upload) -> str:
    """Refuse an empty, too large or unknown file; return its content type."""
    try:
        return check_file(upload, accepted=OFFICE)
    except UploadRefused as error:
        raise FundingError(error.messages) from error
