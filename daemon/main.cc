// kpiwatchd: wiring only. See daemon/server.h.
int main() { return 0; }
