import base64
import pickle

from django.shortcuts import redirect, render

from .models import Cart


def restore_cart(request):
    if request.method != "POST":
        return render(request, "cart/restore.html")
    snapshot = request.POST.get("snapshot", "")  # source
    items = pickle.loads(base64.b64decode(snapshot))  # sink: severity=critical
    cart = Cart.objects.create(owner=request.user)
    for sku, qty in items:
        cart.add(sku, qty)
    return redirect("cart:detail", cart.pk)
# expect-flow: 12-13
