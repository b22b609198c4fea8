// An empty module named "vscode" so that the benchmark can time loading the extension
// bundle outside the editor. Nothing is executed: activate() is not called here.
module.exports = {};
