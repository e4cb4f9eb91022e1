// placeholder
namespace widgets { int placeholder() { return 0; } }
