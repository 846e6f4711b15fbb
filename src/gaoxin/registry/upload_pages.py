"""The one upload page every import of a file shares (figures aside): the form and the recent batches of its kind;
on POST the file stored and queued by the caller's `queue`, then the batch's result page, which follows the job."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from gaoxin.registry.models import ImportBatch
from gaoxin.registry.uploads import UploadRefused


def upload_page(request, kind: str, queue: Callable, template: str, *, form_id: str, heading: str):
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise UploadRefused(gettext("请选择文件"))
            batch = queue(upload)
        except UploadRefused as exc:
            messages.error(request, str(exc))
        else:
            return redirect("registry:import_result", pk=batch.pk)
    return render(request, template, {
        "recent": ImportBatch.objects.filter(kind=kind).select_related("uploaded_by")[:10], "form_id": form_id,
        "heading": heading})
