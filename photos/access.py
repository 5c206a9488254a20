"""Who may change a photo: the photo desk and editors any photo, reporters their own
uploads (DESIGN role table). Checked on the server by the admin for every request."""


def can_edit_photo(user, photo):
    if not user.has_perm("photos.change_photo"):
        return False
    if photo is None or user.has_perm("photos.edit_any_photo"):
        return True
    return photo.uploaded_by_id is not None and photo.uploaded_by_id == user.pk


def can_delete_photo(user, photo):
    if not user.has_perm("photos.delete_photo"):
        return False
    return photo is None or user.has_perm("photos.edit_any_photo") or can_edit_photo(user, photo)
