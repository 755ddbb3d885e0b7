// kpiwatch CLI: wiring only.
int main() { return 0; }
