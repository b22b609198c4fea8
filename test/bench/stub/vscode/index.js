// A stand-in module named "vscode" so that the benchmark can time loading the extension bundle
// outside the editor. Only what the bundle touches while loading is here (it extends
// vscode.TreeItem at load time); nothing is executed: activate() is not called.
class Stub {}
module.exports = { TreeItem: Stub, EventEmitter: Stub, ThemeIcon: Stub, ThemeColor: Stub, Disposable: Stub };
