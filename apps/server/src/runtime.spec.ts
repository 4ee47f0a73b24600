describe('runtime', () => {
  it('is Node.js 24 LTS, from the node devDependency', () => {
    console.log(`unit tests run on Node ${process.version}`);
    expect(process.versions.node.split('.')[0]).toBe('24');
  });
});
