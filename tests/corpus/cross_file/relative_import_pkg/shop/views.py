from flask import Blueprint, request

from .storage import load_cart

bp = Blueprint("cart", __name__)


@bp.post("/cart/restore")
def restore_cart():
    cart_cookie = request.cookies.get("cart", "")  # source
    return {"items": load_cart(cart_cookie)}
