// The lesson runner arrives with the lessons issue; this keeps the library non-empty until then.
namespace lessons { int placeholder() { return 0; } }
