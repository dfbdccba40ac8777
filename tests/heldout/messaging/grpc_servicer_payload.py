# gRPC servicer (cf. learning-at-home/hivemind issue #381, pickle in an RPC handler): the request
# message's bytes field is unpickled.
import pickle
from concurrent import futures

import grpc

import objstore_pb2
import objstore_pb2_grpc


class ObjectStoreServicer(objstore_pb2_grpc.ObjectStoreServicer):
    def __init__(self):
        self.objects = {}

    def Put(self, request, context):  # source
        obj = pickle.loads(request.payload)  # sink: severity=critical
        self.objects[request.key] = obj
        return objstore_pb2.PutReply(ok=True)


def serve():
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    objstore_pb2_grpc.add_ObjectStoreServicer_to_server(ObjectStoreServicer(), server)
    server.add_insecure_port("[::]:50051")
    server.start()
    server.wait_for_termination()
# expect-flow: 16-17
