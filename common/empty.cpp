// Placeholder translation unit so that a library whose folder is still empty can be built.
namespace rsemu {
int kEmptyTranslationUnit = 0;
}  // namespace rsemu
