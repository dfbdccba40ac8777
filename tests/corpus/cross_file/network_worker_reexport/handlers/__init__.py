from handlers.dispatcher import dispatch
